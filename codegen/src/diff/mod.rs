//! What a spec change does to users of the generated crate: two specs go through the generator's own
//! analysis, and their IRs (the names and types users see) are compared item by item. Each change is
//! classified by a [`Rule`], whose [`Impact`] follows Rust's API-evolution rules (see `rules`).
//!
//! The comparison sees what the IR holds: a change the generator does not turn into Rust (a
//! description, an example) is not reported, and a generator change with the same spec is not either.
//!
//! The `testing` module (feature `test-util`) has one rule per operation, named, typed and grouped
//! as its operation (`testing::mock::list_items()` takes `ListItemsParams`, answers its output and
//! error body): an operation added, removed or renamed, or a changed output or error type, changes
//! its rule the same way, and is reported once, under the operation. What changes the mock alone
//! (the status it answers outputs with) is reported apart, as test only ([`Impact::TestOnly`]):
//! everything `test-util` adds is outside the semver promise.

mod operations;
mod report;
mod rules;
mod types;

pub use report::{Change, Report};
pub use rules::{Impact, Rule};

use crate::ir::{Api, TypeRef, Usage};

/// The IR of a spec, as the generator builds it with `options`: what [`compare`] takes. Names of
/// `options.sent_types` the spec does not define are ignored.
pub fn api(spec_text: &str, options: &crate::Options<'_>) -> crate::Result<Api> {
    crate::analyze::analyze(&crate::spec::load(spec_text)?, options.sent_types)
}

/// Every change from `old` to `new` that a user of the generated crate can see.
pub fn compare(old: &Api, new: &Api) -> Report {
    let mut cx = Cx::new(old, new);
    operations::compare(&mut cx);
    if !cx.same_type(&old.error_body, &new.error_body) {
        cx.push(
            Rule::ErrorBodyChanged,
            crate::naming::reserved::API_ERROR_BODY,
            format!("the documented error body is now `{}` (was `{}`)", show(&new.error_body), show(&old.error_body)),
        );
    }
    // Server presets are compared here once the IR carries the spec's `servers`: a preset removed or
    // renamed is breaking (cargo "item-remove"), a new one additive ("item-new"), a changed URL or
    // variable default wire only (RFC 1105 "Behavioral changes").
    types::compare(&mut cx);
    Report { changes: cx.changes }
}

/// Both IRs, indexed, and the changes found so far.
pub(crate) struct Cx<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    pub changes: Vec<crate::diff::Change>,
}

impl<'a> Cx<'a> {
    fn new(old: &'a Api, new: &'a Api) -> Self {
        Self { old, new, changes: Vec::new() }
    }

    pub fn push(&mut self, rule: Rule, subject: impl Into<String>, detail: impl Into<String>) {
        self.changes.push(Change { rule, subject: subject.into(), detail: detail.into() });
    }

    /// How a type is used in the old and in the new spec (the analysis's own facts, which decide
    /// what the emitter generates for it).
    pub fn usage(&self, old_name: &str, new_name: &str) -> (Usage, Usage) {
        let get = |api: &Api, name: &str| api.types.get(name).map(|d| d.usage).unwrap_or_default();
        (get(self.old, old_name), get(self.new, new_name))
    }

    /// Whether a type of the old spec and one of the new are the same Rust type. Aliases are
    /// `pub type`, so a field that names an alias and one that names its target have the same type.
    pub fn same_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        self.old.types.expand(old) == self.new.types.expand(new)
    }
}

/// A type as users write it (short names: the generated code spells full paths).
pub(crate) fn show(ty: &TypeRef) -> String {
    ty.short_name()
}
