//! Memory after an hour of a chatty training log: 100 lines a second (every rank of lab 3
//! printing every batch), each with its metric values, fed to the app as its watcher
//! would. Prints resident memory before and after. `cargo bench --bench log_memory`.

use std::sync::Arc;

use labguide::app::{self, Action, App, LiveUpdate, Target};
use labguide::cloud::{DEFAULT_REGION, ResourceKind, sim};
use labguide::i18n::Lang;
use labguide::workshop::{self, Source};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let workshop = Arc::new(workshop::load(&Source::Embedded).expect("shipped content loads"));
    let mut a = App::new(
        workshop,
        Lang::Ko,
        sim::identity(600.0, DEFAULT_REGION),
        None,
    );
    a.current = a
        .workshop
        .step_index("lab3-training")
        .expect("the step exists");
    let target = Target {
        kind: ResourceKind::TrainingJob,
        prefix: "sdp-dist-training-job-".into(),
    };
    let before = rss_kib();
    let mut peak = before;
    // One watcher report every 8 s for an hour: 800 lines each.
    for report in 0..450u64 {
        let lines: Vec<String> = (0..800)
            .map(|i| {
                format!(
                    "[1,{}]<stdout>:Epoch: [{}][{}/92] Train_Time=0.412: avg-0.410, Train_Loss=1.{i:04}:(1.2), Train_Prec@1=61.250:(58.100), Train_Prec@5=90.0:(88.1)",
                    i % 16,
                    report / 90,
                    i % 92
                )
            })
            .collect();
        let at = report as f64 * 8.0;
        let points = (0..800)
            .flat_map(|i| {
                let t = at + f64::from(i) / 100.0;
                [
                    ("train:Loss".to_string(), t, 1.2),
                    ("train:Prec@1".to_string(), t, 61.0),
                ]
            })
            .collect();
        app::update(
            &mut a,
            Action::Live {
                target: target.clone(),
                update: LiveUpdate::Log {
                    lines,
                    points,
                    skipped: 0,
                },
                at,
            },
        );
        peak = peak.max(rss_kib());
    }
    let after = rss_kib();
    let view = &a.live[&target];
    println!(
        "an hour of chatty log: {} lines received, {} kept, {} points kept per metric",
        view.log_total,
        view.log.len(),
        view.parsed["train:Loss"].len()
    );
    println!("resident memory: {before} KiB before, {after} KiB after, {peak} KiB at most");
}
