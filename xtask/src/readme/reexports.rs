//! A README's table of the crates a package re-exports and the features they come with (`| `chrono`
//! | `std`, `alloc`, `serde` | ... |`), checked against what Cargo resolves for a user who adds the
//! README's dependencies: a dependency that turns a feature on or off makes the table false.

use serde_json::Value;

/// The re-export table under a heading, and the package whose dependencies it describes.
pub struct Table {
    pub heading: &'static str,
    pub package: &'static str,
}

/// The rows of the table under `heading`: the crate of the first column and the features of the
/// second, each as written between backticks.
pub fn rows(text: &str, heading: &str) -> Vec<(String, Vec<String>)> {
    let (mut under, mut in_code) = (false, false);
    let mut rows = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if trimmed.starts_with('#') {
            under = trimmed.trim_start_matches('#').trim() == heading;
            continue;
        }
        if !under || !trimmed.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = trimmed.trim_matches('|').split('|').map(str::trim).collect();
        let [name, features, ..] = cells.as_slice() else { continue };
        // The header row and the delimiter row name no crate in backticks.
        if let [name] = code_spans(name).as_slice() {
            rows.push((name.clone(), code_spans(features)));
        }
    }
    rows
}

fn code_spans(cell: &str) -> Vec<String> {
    cell.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

/// Each row against `metadata` (`cargo metadata` of the scratch crate): the features Cargo enables
/// on the dependency of `table.package` named in the row (`default` aside, which names others).
pub fn check(readme: &str, rows: &[(String, Vec<String>)], table: &Table, metadata: &Value) -> Vec<String> {
    let empty = Vec::new();
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap_or(&empty);
    let packages = metadata["packages"].as_array().unwrap_or(&empty);
    let name_of = |id: &Value| packages.iter().find(|p| p["id"] == *id).and_then(|p| p["name"].as_str());
    let Some(owner) = nodes.iter().find(|node| name_of(&node["id"]) == Some(table.package)) else {
        return vec![format!("{readme}: {} is not among the dependencies the README lists", table.package)];
    };
    let mut problems = Vec::new();
    if rows.is_empty() {
        problems.push(format!("{readme}: no table of crates under \"{}\"", table.heading));
    }
    for (name, listed) in rows {
        let dependency = owner["deps"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .find(|dep| dep["name"].as_str().map(|n| n.replace('-', "_")) == Some(name.replace('-', "_")));
        let Some(node) = dependency.and_then(|dep| nodes.iter().find(|node| node["id"] == dep["pkg"])) else {
            problems.push(format!("{readme}: `{name}` is not a dependency of {}", table.package));
            continue;
        };
        let mut enabled: Vec<String> = node["features"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter_map(Value::as_str)
            // `__name` features are a crate's internals, which its documentation does not list.
            .filter(|feature| *feature != "default" && !feature.starts_with("__"))
            .map(str::to_owned)
            .collect();
        enabled.sort();
        let mut listed = listed.clone();
        listed.sort();
        if enabled != listed {
            problems.push(format!(
                "{readme}: the table under \"{}\" gives `{name}` the features {listed:?}; a user gets {enabled:?}",
                table.heading
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "## Crates\n\n```rust\n# hidden\n```\n| crate | features on | left out |\n| --- | --- | --- |\n\
                          | `chrono` | `std`, `serde` | `clock` |\n| `bytes` | `std` | `serde` |\n\n## Next\n\n\
                          | `other` | `x` | |\n";

    fn metadata(chrono: &[&str]) -> Value {
        serde_json::json!({
            "packages": [{"id": "rt", "name": "runtime"}, {"id": "c", "name": "chrono"}, {"id": "b", "name": "bytes"}],
            "resolve": {"nodes": [
                {"id": "rt", "deps": [{"name": "chrono", "pkg": "c"}, {"name": "bytes", "pkg": "b"}], "features": []},
                {"id": "c", "deps": [], "features": chrono},
                {"id": "b", "deps": [], "features": ["default", "std"]},
            ]}
        })
    }

    #[test]
    fn reads_the_rows_under_its_heading_only() {
        assert_eq!(
            rows(README, "Crates"),
            [
                ("chrono".to_owned(), vec!["std".to_owned(), "serde".to_owned()]),
                ("bytes".to_owned(), vec!["std".to_owned()])
            ]
        );
    }

    #[test]
    fn the_features_must_be_those_cargo_enables() {
        let table = Table { heading: "Crates", package: "runtime" };
        let rows = rows(README, "Crates");
        assert!(check("R.md", &rows, &table, &metadata(&["serde", "std"])).is_empty());
        let problems = check("R.md", &rows, &table, &metadata(&["clock", "serde", "std"]));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`chrono`") && problems[0].contains("\"clock\""), "{problems:?}");
        let unknown = vec![("uuid".to_owned(), vec![])];
        assert!(check("R.md", &unknown, &table, &metadata(&[]))[0].contains("not a dependency of runtime"));
        assert!(check("R.md", &[], &table, &metadata(&[]))[0].contains("no table"));
    }
}
