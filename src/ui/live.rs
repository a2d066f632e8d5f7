//! The live view (`w`): what a step started, as it happens. A status line and timeline,
//! charts of hosts and metrics (as many as the window holds, the job's own metrics first),
//! tables for endpoint variants and Autopilot candidates, and a log tail.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Clear, Dataset, GraphType, Paragraph};

use super::activity::duration_text;
use super::steps::fit;
use super::{Ctx, Theme};
use crate::app::rules::{Finding, RuleResult, RuleStatus};
use crate::app::{App, LiveView, Target};
use crate::app::{ComparisonRow, Cost};
use crate::cloud::ResourceKind;
use crate::cloud::live::{Detail, HOST_METRICS, gpus, hosts, vcpus};
use crate::i18n::{I18n, Lang};
use crate::markdown::{display_width, wrap_text};
use crate::tr;

/// The narrowest and lowest a chart is drawn; below that it is left out.
const CHART_MIN_WIDTH: u16 = 24;
const CHART_MIN_HEIGHT: u16 = 6;
/// Rows the log keeps at least, however many charts want the room.
const LOG_MIN_ROWS: u16 = 5;

/// One line of a chart: its label, its points and its style.
pub type ChartLine = (String, Vec<(f64, f64)>, Style);

/// One chart to draw: its title and its series (label, points, style).
pub struct ChartSpec {
    pub title: String,
    /// What the title shrinks to where it does not fit (an overlay's metric and the
    /// viewed run's value, without every run's).
    pub short_title: Option<String>,
    pub series: Vec<ChartLine>,
    /// The top of the value axis (`None`: from the data).
    pub max: Option<f64>,
}

/// The resource kind in the learner's words.
fn kind_label(i18n: &I18n, lang: Lang, kind: ResourceKind) -> String {
    crate::ui::kind_name(kind, i18n, lang)
}

/// A compact number: 1234 -> 1.2k, 0.41234 -> 0.412.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    if a >= 10_000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if a >= 1000.0 {
        format!("{:.1}k", v / 1000.0)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// A traffic weight as the notebook wrote it: 50, 0.5 or 1.
fn weight_text(w: f64) -> String {
    if w.fract() == 0.0 {
        format!("{w:.0}")
    } else {
        format!("{w:.2}")
    }
}

fn status_style(theme: &Theme, status: &str) -> Style {
    match status {
        "Completed"
        | "InService"
        | "TRAINED"
        | "TRAINED_WITH_WARNING"
        | "IN_SERVICE"
        | "NoIssuesFound" => theme.done,
        "Failed" | "FAILED" | "IN_ERROR" | "OutOfService" | "IssuesFound" | "Error" => theme.failed,
        "Stopped" | "STOPPED" | "Stopping" => theme.warning,
        _ => theme.running,
    }
}

/// The first lines of the view: status, timeline, rules, the last error.
pub fn summary_lines(
    view: &LiveView,
    target: &Target,
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    width: usize,
    now: f64,
) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    let lang = app.lang;
    let mut out = vec![];
    let Some(d) = &view.detail else {
        let text = tr!(
            i18n,
            lang,
            "live-waiting",
            prefix = format!("{}*", target.prefix)
        );
        out.push(Line::from(Span::styled(fit(&text, width), theme.dim)));
        if let Some(e) = &view.error {
            out.push(Line::from(Span::styled(
                fit(&crate::ui::cloud_error(e, i18n, lang), width),
                theme.error,
            )));
        }
        return out;
    };
    let mut head = vec![Span::styled(
        d.status.clone(),
        status_style(theme, &d.status),
    )];
    if let Some(s) = d.secondary.as_ref().filter(|s| **s != d.status) {
        head.push(Span::styled(format!(" · {s}"), status_style(theme, s)));
    }
    if let Some(it) = &d.instance_type {
        head.push(Span::styled(
            format!(" · {it} × {}", d.instance_count.max(1)),
            theme.step,
        ));
    }
    if let Some(billable) = d.billable_seconds {
        let secs = billable * f64::from(d.instance_count.max(1));
        let region = app
            .vars_for_tasks()
            .get("region")
            .cloned()
            .unwrap_or_default();
        let price = d
            .instance_type
            .as_deref()
            .and_then(|t| app.workshop.prices.per_hour(&region, t));
        let cost = price.map_or_else(String::new, |p| {
            format!(" ≈ ${}", crate::workshop::cents(p * secs / 3600.0))
        });
        head.push(Span::styled(
            format!(
                " · {} {}{cost}",
                tr!(i18n, lang, "live-billable"),
                duration_text(std::time::Duration::from_secs_f64(billable.max(0.0)))
            ),
            theme.dim,
        ));
    }
    out.push(Line::from(head));
    // The timeline: each status with how long it lasted (or lasts so far).
    let timeline = view.timeline();
    if !timeline.is_empty() {
        let mut spans = vec![];
        for (i, t) in timeline.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" › ", theme.dim));
            }
            let end = t.end.unwrap_or(now);
            spans.push(Span::styled(
                t.status.clone(),
                status_style(theme, &t.status),
            ));
            if end > t.start {
                spans.push(Span::styled(
                    format!(
                        " {}",
                        duration_text(std::time::Duration::from_secs_f64(end - t.start))
                    ),
                    theme.dim,
                ));
            }
        }
        out.push(fit_spans(spans, width));
    }
    if !d.rules.is_empty() {
        // A job started with Debugger rules (before it closed) keeps showing their verdicts.
        let mut spans = vec![Span::styled(tr!(i18n, lang, "live-rules"), theme.dim)];
        for r in &d.rules {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                format!("{} {}", r.name, r.status),
                status_style(theme, &r.status),
            ));
        }
        out.push(fit_spans(spans, width));
    } else {
        out.extend(rule_lines(&view.rules(now), app, ctx, theme, width));
    }
    if let Some(units) = d.inference_units {
        out.push(Line::from(Span::styled(
            tr!(
                i18n,
                lang,
                "live-inference-units",
                current = units.0,
                desired = units.1
            ),
            theme.step,
        )));
    }
    if !d.final_metrics.is_empty() {
        let text = d
            .final_metrics
            .iter()
            .map(|(k, v)| format!("{k} {}", compact(*v)))
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(Line::from(Span::styled(fit(&text, width), theme.success)));
    }
    if let Some(f) = &d.failure {
        out.push(Line::from(Span::styled(fit(f, width), theme.failed)));
    }
    if let Some(e) = &view.error {
        out.push(Line::from(Span::styled(
            fit(&crate::ui::cloud_error(e, i18n, lang), width),
            theme.warning,
        )));
    }
    out
}

/// Lines a finding may take; past them it is cut (the charts need the room).
const FINDING_MAX_ROWS: usize = 4;

fn rule_status_style(theme: &Theme, status: RuleStatus) -> Style {
    match status {
        RuleStatus::NotEnoughData => theme.dim,
        RuleStatus::NoIssues => theme.done,
        RuleStatus::IssuesFound => theme.failed,
    }
}

fn rule_status_text(i18n: &I18n, lang: Lang, status: RuleStatus) -> String {
    match status {
        RuleStatus::NotEnoughData => tr!(i18n, lang, "rule-status-not-enough-data"),
        RuleStatus::NoIssues => tr!(i18n, lang, "rule-status-no-issues"),
        RuleStatus::IssuesFound => tr!(i18n, lang, "rule-status-issues-found"),
    }
}

/// What a finding says, in the learner's language.
pub fn finding_text(f: &Finding, i18n: &I18n, lang: Lang) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    for (k, v) in &f.args {
        args.set(*k, v.clone());
    }
    i18n.format(lang, f.id, Some(&args))
}

/// labguide's rules: one line of every rule's status (wrapped when narrow), then what each
/// issue found means and what to change.
fn rule_lines(
    results: &[RuleResult],
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    if results.is_empty() {
        return vec![];
    }
    let i18n = ctx.i18n;
    let lang = app.lang;
    // A rule's name and status stay together; a line that would pass the width goes on
    // below, indented.
    let mut out = vec![];
    let mut line = vec![Span::styled(
        tr!(i18n, lang, "live-labguide-rules"),
        theme.dim,
    )];
    let mut used = display_width(&line[0].content);
    for (i, r) in results.iter().enumerate() {
        let status = rule_status_text(i18n, lang, r.status);
        let sep = if i == 0 { " " } else { " · " };
        let item = display_width(r.kind.name()) + 1 + display_width(&status);
        if i > 0 && used + display_width(sep) + item > width {
            out.push(fit_spans(std::mem::take(&mut line), width));
            line = vec![Span::raw("  ")];
            used = 2;
        } else {
            line.push(Span::styled(sep, theme.dim));
            used += display_width(sep);
        }
        line.push(Span::styled(format!("{} ", r.kind.name()), theme.step));
        line.push(Span::styled(status, rule_status_style(theme, r.status)));
        used += item;
    }
    out.push(fit_spans(line, width));
    for r in results {
        let Some(f) = &r.finding else { continue };
        let text = format!("{}: {}", r.kind.name(), finding_text(f, i18n, lang));
        let mut lines = wrap_text(
            &[(text, theme.warning)],
            width,
            vec![Span::styled("! ", theme.failed)],
            vec![Span::raw("  ")],
        );
        if lines.len() > FINDING_MAX_ROWS {
            lines.truncate(FINDING_MAX_ROWS);
            if let Some(last) = lines.last_mut() {
                let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
                *last = Line::from(Span::styled(
                    fit(&format!("{text} …"), width),
                    theme.warning,
                ));
            }
        }
        out.extend(lines);
    }
    out
}

/// The comparison of the step's training jobs (lab 3's `amp` and `fp32`): a header and a
/// row per job, the one shown marked.
pub fn comparison_lines(
    rows: &[ComparisonRow],
    shown: Option<&str>,
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    comparison_table(rows, shown, app, ctx, theme, width, true)
}

#[allow(clippy::too_many_arguments)]
fn comparison_table(
    rows: &[ComparisonRow],
    shown: Option<&str>,
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    width: usize,
    settings: bool,
) -> Vec<Line<'static>> {
    if rows.is_empty() {
        return vec![];
    }
    let i18n = ctx.i18n;
    let lang = app.lang;
    let short = |m: &str| m.rsplit(':').next().unwrap_or(m).to_string();
    let throughput_name = rows
        .iter()
        .find_map(|r| r.throughput.as_ref().map(|(m, _)| short(m)))
        .unwrap_or_else(|| "images_per_sec".into());
    let accuracy_name = rows
        .iter()
        .find_map(|r| r.accuracy.as_ref().map(|(m, _)| short(m)))
        .unwrap_or_else(|| "acc1".into());
    // Columns a run has nothing for are left out: throughput for a text model, the
    // settings when every run was started alike.
    let with_settings = settings && rows.iter().any(|r| !r.settings.is_empty());
    let with_throughput = rows.iter().any(|r| r.throughput.is_some());
    let mut header = vec![
        tr!(i18n, lang, "compare-job"),
        tr!(i18n, lang, "compare-status"),
    ];
    if with_settings {
        header.push(tr!(i18n, lang, "compare-settings"));
    }
    header.push(tr!(i18n, lang, "compare-wall"));
    if with_throughput {
        header.push(tr!(
            i18n,
            lang,
            "compare-throughput",
            metric = throughput_name
        ));
    }
    // "final" once every job with an accuracy has ended, "last" while one still trains.
    header.push(if rows.iter().all(|r| r.finished || r.accuracy.is_none()) {
        tr!(i18n, lang, "compare-accuracy-final", metric = accuracy_name)
    } else {
        tr!(i18n, lang, "compare-accuracy-last", metric = accuracy_name)
    });
    header.push(tr!(i18n, lang, "compare-cost"));
    // Text columns to the left, numbers to the right.
    let left = 2 + usize::from(with_settings);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let status = r
                .status
                .clone()
                .unwrap_or_else(|| tr!(i18n, lang, "compare-waiting"));
            let wall = r.wall_seconds.map_or_else(
                || "-".to_string(),
                |s| duration_text(std::time::Duration::from_secs_f64(s.max(0.0))),
            );
            let throughput = r
                .throughput
                .as_ref()
                .map_or_else(|| "-".to_string(), |(_, v)| compact(*v));
            let accuracy = r
                .accuracy
                .as_ref()
                .map_or_else(|| "-".to_string(), |(_, v)| compact(*v));
            let cost = match r.cost {
                Cost::Dollars {
                    amount,
                    estimated: false,
                } => format!("${}", crate::workshop::cents(amount)),
                Cost::Dollars {
                    amount,
                    estimated: true,
                } => format!("≈ ${}", crate::workshop::cents(amount)),
                Cost::UnknownPrice => tr!(i18n, lang, "compare-price-unknown"),
                Cost::Nothing => "-".to_string(),
            };
            let mut row = vec![r.label.clone(), status];
            if with_settings {
                let settings = r
                    .settings
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                row.push(if settings.is_empty() {
                    "-".into()
                } else {
                    settings
                });
            }
            row.push(wall);
            if with_throughput {
                row.push(throughput);
            }
            row.push(accuracy);
            row.push(cost);
            row
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(c));
        }
    }
    // Too narrow for the settings: the numbers matter more (the labels often say the
    // setting, `amp` and `fp32`).
    let total = 4 + widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    if with_settings && total > width {
        return comparison_table(rows, shown, app, ctx, theme, width, false);
    }
    let line_of = |row: &[String]| -> String {
        let mut text = String::new();
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(display_width(c)));
            if i > 0 {
                text.push_str("  ");
            }
            if i < left {
                text.push_str(c);
                text.push_str(&pad);
            } else {
                text.push_str(&pad);
                text.push_str(c);
            }
        }
        text.trim_end().to_string()
    };
    let mut out = vec![Line::from(Span::styled(
        fit(&format!("    {}", line_of(&header)), width),
        theme.section,
    ))];
    // Each row starts with a dash in its run's colour: the charts' legend.
    let colours = palette(theme);
    for (i, (r, row)) in rows.iter().zip(&cells).enumerate() {
        let here = shown.is_some() && r.name.as_deref() == shown;
        let style = match r.status.as_deref() {
            Some(s) => status_style(theme, s),
            None => theme.dim,
        };
        out.push(Line::from(vec![
            Span::styled(if here { "›" } else { " " }, theme.key),
            Span::styled("━ ", colours[i % colours.len()]),
            Span::styled(fit(&line_of(row), width.saturating_sub(4)), style),
        ]));
    }
    out
}

/// Spans cut to `width` columns, ending in `…` when cut.
fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = vec![];
    for s in spans {
        let w = display_width(&s.content);
        if used + w > width {
            let room = width.saturating_sub(used);
            if room > 0 {
                out.push(Span::styled(fit(&s.content, room), s.style));
            }
            break;
        }
        used += w;
        out.push(s);
    }
    Line::from(out)
}

/// Tables of what is not a chart: endpoint variants, Autopilot candidates.
fn table_lines(
    d: &Detail,
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    let lang = app.lang;
    let mut out = vec![];
    if !d.variants.is_empty() {
        out.push(Line::from(Span::styled(
            fit(&tr!(i18n, lang, "live-variants-heading"), width),
            theme.section,
        )));
        let name_w = d
            .variants
            .iter()
            .map(|v| display_width(&v.name))
            .max()
            .unwrap_or(0);
        for v in &d.variants {
            let moving =
                v.current_weight != v.desired_weight || v.current_instances != v.desired_instances;
            let weight = if moving {
                format!(
                    "{} → {}",
                    weight_text(v.current_weight),
                    weight_text(v.desired_weight)
                )
            } else {
                weight_text(v.current_weight)
            };
            let instances = if v.current_instances != v.desired_instances {
                format!("{} → {}", v.current_instances, v.desired_instances)
            } else {
                v.current_instances.to_string()
            };
            let text = format!(
                "  {:<name_w$}  {} {weight}  {} {instances}  {}",
                v.name,
                tr!(i18n, lang, "live-weight"),
                tr!(i18n, lang, "live-instances"),
                v.instance_type.clone().unwrap_or_default()
            );
            out.push(Line::from(Span::styled(
                fit(&text, width),
                if moving { theme.running } else { theme.step },
            )));
        }
    }
    if let Some(metric) = &d.objective_metric {
        out.push(Line::from(Span::styled(
            fit(
                &tr!(
                    i18n,
                    lang,
                    "live-candidates-heading",
                    count = d.candidates.len(),
                    metric = metric.clone()
                ),
                width,
            ),
            theme.section,
        )));
        for c in d.candidates.iter().take(10) {
            let value = c.objective.map_or_else(|| "-".to_string(), compact);
            out.push(Line::from(Span::styled(
                fit(&format!("  {value:>7}  {}", c.name), width),
                theme.step,
            )));
        }
    }
    out
}

/// The colours of a chart's lines, and of the runs compared.
fn palette(theme: &Theme) -> [Style; 5] {
    [
        theme.running,
        theme.success,
        theme.warning,
        theme.info,
        theme.failed,
    ]
}

/// The charts of a view, the job's own metrics first, then every host's utilisation.
/// With `runs` (the step's compared runs, this one among them) each metric chart shows
/// every run from its own start, in the run's colour, this one drawn on top.
pub fn charts(
    view: &LiveView,
    runs: &[(String, Option<&LiveView>)],
    theme: &Theme,
) -> Vec<ChartSpec> {
    let Some(d) = &view.detail else { return vec![] };
    let palette = palette(theme);
    let mut out = vec![];
    match view.kind {
        Some(ResourceKind::ProcessingJob) => {
            let type_ = d.instance_type.clone().unwrap_or_default();
            for host in hosts(d.instance_count) {
                for (j, (metric, short, max)) in [
                    ("CPUUtilization", "CPU", 100.0 * f64::from(vcpus(&type_))),
                    ("MemoryUtilization", "Mem", 100.0),
                ]
                .into_iter()
                .enumerate()
                {
                    let points = view
                        .series
                        .get(&format!("{host}:{metric}"))
                        .cloned()
                        .unwrap_or_default();
                    let title = match points.last() {
                        Some(p) => format!("{host} {short} {:.0}% (0-{max:.0})", p.1),
                        None => format!("{host} {short} (0-{max:.0}%)"),
                    };
                    out.push(ChartSpec {
                        title,
                        short_title: None,
                        series: vec![(short.into(), points, palette[j % palette.len()])],
                        max: Some(max),
                    });
                }
            }
        }
        Some(ResourceKind::TrainingJob) if runs.len() > 1 => {
            for (metric, _) in &d.metric_definitions {
                out.push(overlaid(metric, view, runs, &palette));
            }
            out.extend(host_charts(view, d, &palette));
        }
        Some(ResourceKind::TrainingJob) => {
            for (i, (metric, _)) in d.metric_definitions.iter().enumerate() {
                let points = view.metric(metric).to_vec();
                let last = points.last().map_or_else(|| "-".into(), |p| compact(p.1));
                out.push(ChartSpec {
                    title: format!("{metric} {last}"),
                    short_title: None,
                    series: vec![(metric.clone(), points, palette[i % palette.len()])],
                    max: None,
                });
            }
            out.extend(host_charts(view, d, &palette));
        }
        Some(ResourceKind::Endpoint) => {
            for (metric, unit, scale) in
                [("Invocations", "/min", 1.0), ("ModelLatency", " ms", 0.001)]
            {
                let series: Vec<ChartLine> = d
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let points = view
                            .series
                            .get(&format!("{}:{metric}", v.name))
                            .map(|p| p.iter().map(|(t, y)| (*t, y * scale)).collect())
                            .unwrap_or_default();
                        (v.name.clone(), points, palette[i % palette.len()])
                    })
                    .collect();
                let lasts = series
                    .iter()
                    .filter_map(|(n, p, _)| p.last().map(|l| format!("{n} {}{unit}", compact(l.1))))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(ChartSpec {
                    title: format!("{metric} {lasts}"),
                    short_title: None,
                    series,
                    max: None,
                });
            }
        }
        _ => {}
    }
    out
}

/// A metric of every compared run, each from its own start: the runs' curves side by
/// side. The title gives each run's latest value; the viewed run is drawn last, on top.
fn overlaid(
    metric: &str,
    view: &LiveView,
    runs: &[(String, Option<&LiveView>)],
    palette: &[Style; 5],
) -> ChartSpec {
    let mut series: Vec<ChartLine> = vec![];
    let mut lasts = vec![];
    let mut mine = None;
    for (i, (label, run)) in runs.iter().enumerate() {
        let Some(run) = run else { continue };
        let start = crate::app::run_start(run);
        let points: Vec<(f64, f64)> = run
            .metric(metric)
            .iter()
            .map(|(t, v)| ((t - start).max(0.0), *v))
            .collect();
        if let Some(p) = points.last() {
            lasts.push(format!("{label} {}", compact(p.1)));
        }
        let line = (label.clone(), points, palette[i % palette.len()]);
        if run.name() == view.name() {
            mine = Some(line);
        } else {
            series.push(line);
        }
    }
    let viewed = view
        .metric(metric)
        .last()
        .map_or_else(|| "-".into(), |p| compact(p.1));
    series.extend(mine);
    let values = if lasts.is_empty() {
        "-".to_string()
    } else {
        lasts.join(", ")
    };
    ChartSpec {
        title: format!("{metric} {values}"),
        short_title: Some(format!("{metric} {viewed}")),
        series,
        max: None,
    }
}

/// Every host's CPU, memory and (on GPU types) GPU and GPU memory utilisation.
fn host_charts(view: &LiveView, d: &Detail, palette: &[Style; 5]) -> Vec<ChartSpec> {
    let mut out = vec![];
    let type_ = d.instance_type.clone().unwrap_or_default();
    let gpu_count = gpus(&type_);
    for host in hosts(d.instance_count) {
        for (j, metric) in HOST_METRICS.iter().enumerate() {
            let (short, max) = match *metric {
                "CPUUtilization" => ("CPU", 100.0 * f64::from(vcpus(&type_))),
                "MemoryUtilization" => ("Mem", 100.0),
                _ if gpu_count == 0 => continue,
                "GPUMemoryUtilization" => ("VRAM", 100.0 * f64::from(gpu_count)),
                _ => ("GPU", 100.0 * f64::from(gpu_count)),
            };
            let points = view
                .series
                .get(&format!("{host}:{metric}"))
                .cloned()
                .unwrap_or_default();
            let last = points.last().map(|p| p.1);
            let title = match (last, short) {
                // Per GPU only where there are several to sum over.
                (Some(v), "GPU" | "VRAM") if gpu_count > 1 => format!(
                    "{host} {short} {v:.0}% (0-{max:.0}, {:.0}%/GPU)",
                    v / f64::from(gpu_count)
                ),
                (Some(v), _) => format!("{host} {short} {v:.0}% (0-{max:.0})"),
                (None, _) => format!("{host} {short} (0-{max:.0}%)"),
            };
            out.push(ChartSpec {
                title,
                short_title: None,
                series: vec![(short.into(), points, palette[j % palette.len()])],
                max: Some(max),
            });
        }
    }
    out
}

fn draw_chart(frame: &mut Frame, area: Rect, spec: &ChartSpec, theme: &Theme) {
    let (mut t0, mut t1, mut top) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
    for (_, points, _) in &spec.series {
        for (t, v) in points {
            t0 = t0.min(*t);
            t1 = t1.max(*t);
            top = top.max(*v);
        }
    }
    let top = spec.max.unwrap_or(if top > 0.0 { top * 1.1 } else { 1.0 });
    if !t0.is_finite() {
        t0 = 0.0;
        t1 = 1.0;
    }
    if t1 <= t0 {
        t1 = t0 + 1.0;
    }
    let datasets: Vec<Dataset> = spec
        .series
        .iter()
        .map(|(_, points, style)| {
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(*style)
                .data(points)
        })
        .collect();
    let width = usize::from(area.width.saturating_sub(1));
    let title = match &spec.short_title {
        Some(short) if display_width(&spec.title) > width => short,
        _ => &spec.title,
    };
    let chart = Chart::new(datasets)
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(theme.dim)
                .title(Span::styled(fit(title, width), theme.step)),
        )
        .x_axis(Axis::default().bounds([t0, t1]))
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .style(theme.dim)
                .labels(vec![Span::raw("0"), Span::raw(compact(top))]),
        );
    frame.render_widget(chart, area);
}

/// Draws the live view of the current step's `index`th watched resource; the charts only
/// with `charts_shown` (their place is left empty for a frame when the view is new).
#[allow(clippy::too_many_arguments)]
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    index: usize,
    paused_at: Option<u64>,
    scroll: usize,
    charts_shown: bool,
) {
    frame.render_widget(Clear, area);
    let i18n = ctx.i18n;
    let lang = app.lang;
    let all = app.current_live();
    let Some((target, view)) = all.get(index.min(all.len().saturating_sub(1))) else {
        return;
    };
    let empty = LiveView::default();
    let view = view.unwrap_or(&empty);
    let name = view.name().unwrap_or(&target.prefix).to_string();
    let mut title = format!(" {} {name} ", kind_label(i18n, lang, target.kind));
    if all.len() > 1 {
        title.push_str(&format!("({}/{}, Tab) ", index + 1, all.len()));
    }
    let block = Block::bordered()
        .border_style(theme.dim)
        .title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            theme.pane_title_focused,
        ));
    let inner = block.inner(area);
    frame.render_widget(block.style(theme.base), area);
    if inner.width < 10 || inner.height < 4 {
        return;
    }
    let width = usize::from(inner.width);
    let now = view
        .detail
        .as_ref()
        .and_then(|d| d.ended)
        .unwrap_or(app.live_now);
    // Gathered once a frame: the comparison table and the overlaid charts share it.
    let runs = app.compared_runs();
    let mut top = summary_lines(view, target, app, ctx, theme, width, now);
    if let Some(d) = &view.detail {
        top.extend(table_lines(d, app, ctx, theme, width));
    }
    top.extend(comparison_lines(
        &app.comparison_of(runs.clone()),
        view.name(),
        app,
        ctx,
        theme,
        width,
    ));
    let top_rows = (top.len() as u16).min(inner.height.saturating_sub(LOG_MIN_ROWS + 1));
    top.truncate(usize::from(top_rows));
    frame.render_widget(
        Paragraph::new(top),
        Rect {
            height: top_rows,
            ..inner
        },
    );

    let rest = Rect {
        y: inner.y + top_rows,
        height: inner.height - top_rows,
        ..inner
    };
    let specs = charts(view, &runs, theme);
    let has_log = crate::cloud::live::log_location(target.kind, "").is_some();
    let log_rows = if !has_log {
        0
    } else if specs.is_empty() {
        rest.height
    } else {
        (rest.height / 3).max(LOG_MIN_ROWS).min(rest.height)
    };
    let chart_area = Rect {
        height: rest.height - log_rows,
        ..rest
    };
    if charts_shown {
        draw_charts(frame, chart_area, &specs, theme);
    }
    if log_rows > 0 {
        let log_area = Rect {
            y: rest.y + rest.height - log_rows,
            height: log_rows,
            ..rest
        };
        draw_log(frame, log_area, view, app, ctx, theme, paused_at, scroll);
    }
}

/// Lays charts out in rows, as many per row as fit at their least width, as many rows
/// as fit at their least height; the rest are left out (the job's own metrics come first).
fn draw_charts(frame: &mut Frame, area: Rect, specs: &[ChartSpec], theme: &Theme) {
    if specs.is_empty() || area.width < CHART_MIN_WIDTH || area.height < CHART_MIN_HEIGHT {
        return;
    }
    let per_row = usize::from(area.width / CHART_MIN_WIDTH).clamp(1, 4);
    let rows_needed = specs.len().div_ceil(per_row);
    let rows_fit = usize::from(area.height / CHART_MIN_HEIGHT).max(1);
    let rows = rows_needed.min(rows_fit);
    let row_h = area.height / rows as u16;
    for r in 0..rows {
        let in_row = &specs[r * per_row..((r + 1) * per_row).min(specs.len())];
        let w = area.width / in_row.len() as u16;
        for (c, spec) in in_row.iter().enumerate() {
            let cell = Rect {
                x: area.x + w * c as u16,
                y: area.y + row_h * r as u16,
                width: if c + 1 == in_row.len() {
                    area.width - w * c as u16
                } else {
                    w.saturating_sub(1)
                },
                height: row_h,
            };
            draw_chart(frame, cell, spec, theme);
        }
    }
}

/// A log without a new line for this long says so in its heading.
const LOG_QUIET_SECONDS: f64 = 120.0;

/// `HH:MM` of a time on the backend's clock (seconds since the epoch) in the learner's zone.
pub(crate) fn time_of_day(at: f64, utc_offset: i32) -> String {
    let local = (at as i64).saturating_add(i64::from(utc_offset));
    let minutes = local.rem_euclid(86_400) / 60;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[allow(clippy::too_many_arguments)]
fn draw_log(
    frame: &mut Frame,
    area: Rect,
    view: &LiveView,
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    paused_at: Option<u64>,
    scroll: usize,
) {
    let i18n = ctx.i18n;
    let lang = app.lang;
    let width = usize::from(area.width);
    let rows = usize::from(area.height.saturating_sub(1));
    // Paused: lines that came since stay out of sight (counted in the heading).
    let newer = paused_at.map_or(0, |p| view.log_total.saturating_sub(p)) as usize;
    let visible_end = view.log.len().saturating_sub(newer + scroll);
    let start = visible_end.saturating_sub(rows);
    let quiet_since = view
        .last_log_at
        .filter(|at| app.live_now - at >= LOG_QUIET_SECONDS);
    let heading = match (paused_at, quiet_since) {
        (Some(_), _) => tr!(i18n, lang, "live-log-paused", new = newer),
        // A quiet log says since when, so a learner can tell a stuck script from a slow one.
        (None, Some(at)) => tr!(
            i18n,
            lang,
            "live-log-quiet",
            time = time_of_day(at, app.utc_offset),
            minutes = ((app.live_now - at) / 60.0).floor() as u64,
            lines = view.log_total
        ),
        (None, None) => tr!(i18n, lang, "live-log-following", lines = view.log_total),
    };
    let mut lines = vec![Line::from(Span::styled(
        fit(&heading, width),
        if paused_at.is_some() {
            theme.warning
        } else {
            theme.section
        },
    ))];
    if view.log.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(&tr!(i18n, lang, "live-log-empty"), width),
            theme.dim,
        )));
    }
    for line in view.log.range(start..visible_end) {
        // Control characters from a job's output must not reach the terminal.
        let clean: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        lines.push(Line::from(Span::styled(fit(&clean, width), theme.step)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// One line per watched resource for the activity pane: kind, status, and the newest
/// value worth a glance.
pub fn activity_lines(app: &App, ctx: &Ctx, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    let lang = app.lang;
    let mut out = vec![];
    for (target, view) in app.current_live() {
        let kind = kind_label(i18n, lang, target.kind);
        let line = match view.and_then(|v| v.detail.as_ref().map(|d| (v, d))) {
            Some((v, d)) => {
                let mut spans = vec![
                    Span::styled(format!("{kind} "), theme.dim),
                    Span::styled(d.status.clone(), status_style(theme, &d.status)),
                ];
                if let Some(s) = d.secondary.as_ref().filter(|s| **s != d.status) {
                    spans.push(Span::styled(format!(" · {s}"), theme.step));
                }
                if let Some((metric, _)) = d.metric_definitions.first()
                    && let Some(last) = v.metric(metric).last()
                {
                    spans.push(Span::styled(
                        format!(" · {metric} {}", compact(last.1)),
                        theme.dim,
                    ));
                }
                if d.rules.iter().any(crate::cloud::live::Rule::found_issues) {
                    spans.push(Span::styled(
                        format!(" · {}", tr!(i18n, lang, "live-issues-found")),
                        theme.failed,
                    ));
                } else if d.rules.is_empty() {
                    let found: Vec<&str> = v
                        .rules(app.live_now)
                        .iter()
                        .filter(|r| r.status == RuleStatus::IssuesFound)
                        .map(|r| r.kind.name())
                        .collect();
                    if !found.is_empty() {
                        spans.push(Span::styled(
                            format!(
                                " · {}",
                                tr!(i18n, lang, "live-rules-found", rules = found.join(", "))
                            ),
                            theme.failed,
                        ));
                    }
                }
                fit_spans(spans, width)
            }
            None => Line::from(Span::styled(
                fit(
                    &format!(
                        "{kind} {}",
                        tr!(
                            i18n,
                            lang,
                            "live-waiting",
                            prefix = format!("{}*", target.prefix)
                        )
                    ),
                    width,
                ),
                theme.dim,
            )),
        };
        out.push(line);
    }
    if !out.is_empty() {
        out.push(Line::from(Span::styled(
            fit(&tr!(i18n, lang, "live-open-hint"), width),
            theme.key,
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::rules::RuleKind;

    /// Every finding a rule can make, with every argument it fills, says it in both
    /// languages with nothing left unfilled.
    #[test]
    fn every_finding_reads_in_both_languages() {
        let i18n = I18n::embedded();
        let findings = [
            (
                RuleKind::LossNotDecreasing,
                "rule-loss-not-decreasing",
                vec!["metric", "points", "before", "recent"],
            ),
            (
                RuleKind::Overfit,
                "rule-overfit",
                vec!["test", "best", "last", "train"],
            ),
            (
                RuleKind::LowGpuUtilization,
                "rule-low-gpu",
                vec!["host", "percent", "minutes", "threshold"],
            ),
            (RuleKind::Stalled, "rule-stalled", vec!["minutes", "status"]),
        ];
        for (kind, id, args) in findings {
            let f = Finding {
                id,
                args: args.iter().map(|a| (*a, format!("<{a}>"))).collect(),
            };
            for lang in Lang::ALL {
                assert!(i18n.has(lang, id), "{id} in {lang}");
                let text = finding_text(&f, &i18n, lang);
                for a in &args {
                    assert!(text.contains(&format!("<{a}>")), "{kind:?} {lang}: {text}");
                }
                assert!(!text.contains('{'), "{text}");
            }
        }
        for status in [
            RuleStatus::NotEnoughData,
            RuleStatus::NoIssues,
            RuleStatus::IssuesFound,
        ] {
            for lang in Lang::ALL {
                let text = rule_status_text(&i18n, lang, status);
                assert!(!text.starts_with("rule-"), "{status:?} in {lang}");
            }
        }
    }
}
