//! The result of comparing two specs: each change a user of the generated crate sees, grouped by impact.

use std::fmt;

use super::rules::{Impact, Rule};

/// One change, said from the point of view of code using the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rule: Rule,
    /// The Rust item concerned: `Client::list_triggers`, `V2TriggerData.name`, `V2Stage::Update`.
    pub subject: String,
    /// What changed and what it means for a user's code.
    pub detail: String,
}

impl Change {
    pub fn impact(&self) -> Impact {
        self.rule.impact()
    }
}

/// Every change between two specs, in a stable order: operations in spec order, then the
/// documented error body, then models by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// The headings of the printed report, in order.
const GROUPS: [(Impact, &str); 5] = [
    (Impact::Breaking, "breaking"),
    (Impact::BreakingAtRunTime, "breaking at run time (compiles, but calls that worked may fail)"),
    (Impact::Additive, "additive"),
    (Impact::WireOnly, "wire only (the Rust API is unchanged)"),
    (Impact::TestOnly, "test only (the `test-util` feature's `testing` module, outside the semver promise)"),
];

impl Report {
    /// The worst impact of any change; `None` when nothing a user can see changed.
    pub fn worst(&self) -> Option<Impact> {
        self.changes.iter().map(Change::impact).min()
    }

    pub fn is_breaking(&self) -> bool {
        self.worst().is_some_and(Impact::is_breaking)
    }

    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact() == impact).count()
    }

    /// `(rule, subject)` of every change, for tests that pin the classification.
    pub fn rules(&self) -> Vec<(Rule, &str)> {
        self.changes.iter().map(|c| (c.rule, c.subject.as_str())).collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return writeln!(f, "no change for users of the generated crate");
        }
        let counts: Vec<String> = GROUPS
            .iter()
            .filter_map(|(impact, heading)| {
                let n = self.count(*impact);
                let short = heading.split(" (").next().unwrap_or(heading);
                (n > 0).then(|| format!("{n} {short}"))
            })
            .collect();
        writeln!(f, "{}", counts.join(", "))?;
        for (impact, heading) in GROUPS {
            let mut changes = self.changes.iter().filter(|c| c.impact() == impact).peekable();
            if changes.peek().is_none() {
                continue;
            }
            writeln!(f, "\n{heading}:")?;
            for change in changes {
                writeln!(f, "  - {}: {} [{}]", change.subject, change.detail, change.rule.citation())?;
            }
        }
        Ok(())
    }
}
