//! Just enough of a CloudFormation template for the sim: resources (logical id, type,
//! properties text, references) and outputs. Reads the block layout our template keeps
//! (top-level keys at column 0, logical ids at two spaces); a full YAML parser would also
//! have to understand CloudFormation's `!Ref`/`!Sub` tags, which the sim evaluates itself.

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateResource {
    pub logical_id: String,
    pub kind: String,
    /// Logical ids this resource refers to, so it waits for them.
    pub depends_on: Vec<String>,
    /// The expression of its name property (`NotebookInstanceName: !Sub ...`), if any.
    pub name_expr: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateOutput {
    pub name: String,
    pub value_expr: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Template {
    pub parameters: Vec<(String, Option<String>)>,
    pub resources: Vec<TemplateResource>,
    pub outputs: Vec<TemplateOutput>,
}

fn key_at(line: &str, indent: usize) -> Option<&str> {
    let rest = line.strip_prefix(&" ".repeat(indent))?;
    if rest.starts_with(' ') || rest.starts_with('#') {
        return None;
    }
    let key = rest
        .strip_suffix(':')
        .or_else(|| rest.split_once(':').map(|(k, _)| k))?;
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(key)
}

fn value_of<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let t = line.trim_start();
    t.strip_prefix(key)?.strip_prefix(':').map(str::trim)
}

pub fn parse(text: &str) -> Template {
    let mut t = Template::default();
    let mut section = "";
    let mut block: Vec<&str> = vec![];
    let mut current: Option<String> = None;

    let finish = |t: &mut Template, section: &str, name: Option<String>, block: &[&str]| {
        let Some(name) = name else { return };
        match section {
            "Resources" => {
                let kind = block
                    .iter()
                    .find_map(|l| value_of(l, "Type"))
                    .unwrap_or("")
                    .to_string();
                let body = block.join("\n");
                let name_expr = block.iter().find_map(|l| {
                    let t = l.trim_start();
                    let (k, v) = t.split_once(':')?;
                    (k.ends_with("Name") && !k.contains(' ') && !v.trim().is_empty())
                        .then(|| v.trim().to_string())
                });
                t.resources.push(TemplateResource {
                    logical_id: name,
                    kind,
                    depends_on: references(&body),
                    name_expr,
                });
            }
            "Outputs" => {
                if let Some(v) = block.iter().find_map(|l| value_of(l, "Value")) {
                    t.outputs.push(TemplateOutput {
                        name,
                        value_expr: v.to_string(),
                    });
                }
            }
            "Parameters" => {
                let default = block
                    .iter()
                    .find_map(|l| value_of(l, "Default"))
                    .map(|d| d.trim_matches('"').to_string());
                t.parameters.push((name, default));
            }
            _ => {}
        }
    };

    for line in text.lines() {
        if let Some(top) = key_at(line, 0) {
            finish(&mut t, section, current.take(), &block);
            block.clear();
            section = top;
            continue;
        }
        if let Some(key) = key_at(line, 2) {
            finish(&mut t, section, current.take(), &block);
            block.clear();
            current = Some(key.to_string());
            continue;
        }
        if current.is_some() {
            block.push(line);
        }
    }
    finish(&mut t, section, current.take(), &block);
    let ids: Vec<String> = t.resources.iter().map(|r| r.logical_id.clone()).collect();
    for r in &mut t.resources {
        r.depends_on
            .retain(|d| ids.contains(d) && *d != r.logical_id);
        r.depends_on.dedup();
    }
    t
}

/// Logical ids named by `!Ref X`, `!GetAtt X.Attr` and `${X.Attr}` / `${X}`.
fn references(body: &str) -> Vec<String> {
    let mut out = vec![];
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect()
    };
    for (i, _) in body.match_indices("!Ref ") {
        out.push(ident(&body[i + 5..]));
    }
    for (i, _) in body.match_indices("!GetAtt ") {
        out.push(ident(&body[i + 8..]));
    }
    for (i, _) in body.match_indices("${") {
        out.push(ident(&body[i + 2..]));
    }
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_template() {
        let text = include_str!("../../assets/cloudformation/workshop.yml");
        let t = parse(text);
        let ids: Vec<(&str, &str)> = t
            .resources
            .iter()
            .map(|r| (r.logical_id.as_str(), r.kind.as_str()))
            .collect();
        assert!(
            ids.contains(&("NotebookInstance", "AWS::SageMaker::NotebookInstance")),
            "{ids:?}"
        );
        assert!(ids.iter().any(|(_, k)| *k == "AWS::IAM::Role"));
        let notebook = t
            .resources
            .iter()
            .find(|r| r.logical_id == "NotebookInstance")
            .unwrap();
        assert!(notebook.depends_on.len() >= 2, "{:?}", notebook.depends_on);
        assert!(t.outputs.iter().any(|o| o.name == "jupyterNotebookURL"));
        assert!(t.parameters.iter().any(|(p, _)| p == "Initial"));
    }
}
