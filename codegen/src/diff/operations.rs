//! Operations: the client methods, their arguments and setters, bodies, outputs, errors, scopes and
//! pagination. Operations are matched by method (on `Client` or on a sub-client); a method that
//! disappears while another appears on the same route is reported as renamed (a method moving to a
//! sub-client too).

use std::collections::{BTreeMap, BTreeSet};

use super::{Cx, Rule, show};
use crate::ir::{
    Body, BodyEncoding, ErrorBody, ErrorStatuses, Ident, Operation, Param, ParamLocation, ParamStyle, Response,
    ResponseHeader,
};
use crate::naming;

pub(super) fn compare(cx: &mut Cx<'_>) {
    let (old_ops, new_ops) = (&cx.old.operations, &cx.new.operations);
    let old_names: BTreeMap<String, &Operation> = old_ops.iter().map(|op| (method(op), op)).collect();
    let new_names: BTreeSet<String> = new_ops.iter().map(method).collect();
    let mut removed: Vec<&Operation> = old_ops.iter().filter(|op| !new_names.contains(&method(op))).collect();

    for new in new_ops {
        let old = old_names.get(&method(new)).copied().or_else(|| {
            let at = removed.iter().position(|old| route(old) == route(new))?;
            Some(removed.remove(at))
        });
        match old {
            Some(old) => operation(cx, old, new),
            None => cx.push(
                Rule::OperationAdded,
                method(new),
                format!("new operation `{}` (builder `{}`)", route(new), builder(new)),
            ),
        }
    }
    for old in removed {
        cx.push(Rule::OperationRemoved, method(old), format!("operation `{}` removed", route(old)));
    }
}

/// The method as users call it: `Client::list_items`, or `Client::v3().list_items` on a sub-client.
fn method(op: &Operation) -> String {
    match &op.group {
        None => format!("Client::{}", op.method_name.as_str()),
        Some(group) => {
            format!("Client::{}().{}", group.as_str(), op.method_name.as_str())
        }
    }
}

/// The request builder's path under `operations`: `ListItems`, or `v3::ListItems` in a sub-client's module.
fn builder(op: &Operation) -> String {
    match &op.group {
        None => op.type_name.clone(),
        Some(group) => format!("{}::{}", group.as_str(), op.type_name),
    }
}

fn route(op: &Operation) -> String {
    format!("{} {}", op.http_method, op.path)
}

fn operation(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let subject = method(new);
    if method(old) != method(new) {
        cx.push(
            Rule::OperationRenamed,
            &subject,
            format!(
                "`{}` (`{}`) is now `{subject}`, its builder `{}` now `{}`",
                method(old),
                route(new),
                builder(old),
                builder(new)
            ),
        );
    } else if builder(old) != builder(new) {
        cx.push(
            Rule::TypeRenamed,
            &subject,
            format!(
                "its builder `{}` is now `{}` (and `{}` now `{}`)",
                builder(old),
                builder(new),
                naming::params_type_name(&builder(old)),
                naming::params_type_name(&builder(new))
            ),
        );
    }
    if route(old) != route(new) {
        cx.push(Rule::OperationRouteChanged, &subject, format!("now sends `{}` (was `{}`)", route(new), route(old)));
    }
    params(cx, &subject, old, new);
    body(cx, &subject, old, new);
    response(cx, &subject, old, new);
    if old.success_status != new.success_status {
        cx.push(
            Rule::SuccessStatusChanged,
            &subject,
            format!(
                "the documented success status is now {} (was {}): the mock's `then_output` answers with it",
                new.success_status, old.success_status
            ),
        );
    }
    response_headers(cx, &subject, old, new);
    errors(cx, &subject, &old.errors, &new.errors);
    error_body(cx, &subject, old, new);
    scopes(cx, &subject, old, new);
    pagination(cx, &subject, old, new);
}

fn location(p: &Param) -> &'static str {
    match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// How a parameter's values are written (its `style` and `explode`), in words.
fn style(style: ParamStyle) -> String {
    match style {
        ParamStyle::Single => "as one value".to_owned(),
        ParamStyle::Repeated => "once per value".to_owned(),
        ParamStyle::Joined(delimiter) => format!("as one value joined by `{delimiter}`"),
        ParamStyle::DeepObject => "as `name[key]=value` pairs (`deepObject`)".to_owned(),
        ParamStyle::FormObject => "as one `key=value` pair per entry".to_owned(),
        ParamStyle::JoinedObject => "as `name=key,value,...`".to_owned(),
    }
}

fn name(p: &Param) -> &str {
    p.rust_name.as_str()
}

fn params(cx: &mut Cx<'_>, subject: &str, old: &Operation, new: &Operation) {
    let find = |list: &'_ [Param], rust_name: &Ident| list.iter().position(|p| &p.rust_name == rust_name);
    for p in &new.params {
        let Some(before) = find(&old.params, &p.rust_name).map(|i| &old.params[i]) else {
            let (rule, what) = match p.required {
                true => (Rule::RequiredParamAdded, "argument"),
                false => (Rule::OptionalParamAdded, "setter"),
            };
            cx.push(
                rule,
                subject,
                format!("new {what} `{}: {}` ({} parameter `{}`)", name(p), show(&p.ty), location(p), p.wire_name),
            );
            continue;
        };
        if !cx.same_type(&before.ty, &p.ty) {
            cx.push(
                Rule::ParamTypeChanged,
                subject,
                format!("parameter `{}` is now `{}` (was `{}`)", name(p), show(&p.ty), show(&before.ty)),
            );
        }
        match (before.required, p.required) {
            (false, true) => cx.push(
                Rule::ParamBecameRequired,
                subject,
                format!("parameter `{}` is now required: an argument of the method, no longer a setter", name(p)),
            ),
            (true, false) => cx.push(
                Rule::ParamBecameOptional,
                subject,
                format!("parameter `{}` is now optional: a setter, no longer an argument of the method", name(p)),
            ),
            _ => {}
        }
        if before.wire_name != p.wire_name || before.location != p.location {
            cx.push(
                Rule::ParamWireChanged,
                subject,
                format!(
                    "parameter `{}` is now sent as {} `{}` (was {} `{}`)",
                    name(p),
                    location(p),
                    p.wire_name,
                    location(before),
                    before.wire_name
                ),
            );
        } else if before.style != p.style {
            cx.push(
                Rule::ParamWireChanged,
                subject,
                format!("parameter `{}` is now written {} (was {})", name(p), style(p.style), style(before.style)),
            );
        }
    }
    for p in old.params.iter().filter(|p| find(&new.params, &p.rust_name).is_none()) {
        let (rule, what) = match p.required {
            true => (Rule::RequiredParamRemoved, "argument"),
            false => (Rule::OptionalParamRemoved, "setter"),
        };
        cx.push(rule, subject, format!("{what} `{}` removed ({} parameter `{}`)", name(p), location(p), p.wire_name));
    }

    // Arguments required in both versions must keep their relative order.
    let kept = |list: &[Param], other: &[Param]| -> Vec<String> {
        list.iter()
            .filter(|p| p.required && other.iter().any(|o| o.rust_name == p.rust_name && o.required))
            .map(|p| name(p).to_owned())
            .collect()
    };
    let (before, after) = (kept(&old.params, &new.params), kept(&new.params, &old.params));
    if before != after {
        cx.push(
            Rule::RequiredParamsReordered,
            subject,
            format!("arguments now in the order ({}) (was ({}))", after.join(", "), before.join(", ")),
        );
    }
}

fn body(cx: &mut Cx<'_>, subject: &str, old: &Operation, new: &Operation) {
    match (&old.body, &new.body) {
        (None, None) => {}
        (None, Some(b)) if b.required => cx.push(
            Rule::RequiredBodyAdded,
            subject,
            format!("now requires a body: the method takes one more argument, `body: {}`", show(&b.ty)),
        ),
        (None, Some(b)) => cx.push(Rule::BodyAdded, subject, format!("new optional body, `.body({})`", show(&b.ty))),
        (Some(b), None) => cx.push(
            Rule::BodyRemoved,
            subject,
            match b.required {
                true => format!("takes no body any more: the argument `body: {}` removed", show(&b.ty)),
                false => format!("takes no body any more: `.body({})` removed", show(&b.ty)),
            },
        ),
        (Some(before), Some(after)) => {
            if !cx.same_type(&before.ty, &after.ty) || !same_form(cx, before, after) {
                cx.push(
                    Rule::BodyTypeChanged,
                    subject,
                    match before.ty == after.ty {
                        true => format!("`.body()` now takes `{}` with other fields", show(&after.ty)),
                        false => format!("`.body()` now takes `{}` (was `{}`)", show(&after.ty), show(&before.ty)),
                    },
                );
            } else if before.media_type != after.media_type
                || std::mem::discriminant(&before.encoding) != std::mem::discriminant(&after.encoding)
            {
                cx.push(
                    Rule::BodyMediaTypeChanged,
                    subject,
                    format!("the body is now sent as `{}` (was `{}`)", after.media_type, before.media_type),
                );
            }
            match (before.required, after.required) {
                (false, true) => cx.push(
                    Rule::BodyBecameRequired,
                    subject,
                    "the body is now required: an argument of the method, no longer the `.body()` setter",
                ),
                (true, false) => cx.push(
                    Rule::BodyBecameOptional,
                    subject,
                    "the body is now optional: the `.body()` setter, no longer an argument of the method",
                ),
                _ => {}
            }
        }
    }
}

/// The fields of a multipart form struct (generated for its body alone) are part of its type.
fn same_form(cx: &Cx<'_>, before: &Body, after: &Body) -> bool {
    let (BodyEncoding::Multipart(old), BodyEncoding::Multipart(new)) = (&before.encoding, &after.encoding) else {
        return true;
    };
    old.len() == new.len()
        && old.iter().zip(new).all(|(a, b)| {
            a.rust_name == b.rust_name
                && a.wire_name == b.wire_name
                && a.required == b.required
                && a.part == b.part
                && cx.same_type(&a.ty, &b.ty)
        })
}

fn response(cx: &mut Cx<'_>, subject: &str, old: &Operation, new: &Operation) {
    let same = match (&old.response, &new.response) {
        (None, None) => true,
        (Some(a), Some(b)) => cx.same_type(&a.ty, &b.ty),
        _ => false,
    };
    if !same {
        let output = |r: &Option<Response>| r.as_ref().map_or_else(|| "()".to_owned(), |r| show(&r.ty));
        cx.push(
            Rule::ResponseTypeChanged,
            subject,
            format!("`send()` now returns `{}` (was `{}`)", output(&new.response), output(&old.response)),
        );
    } else if let (Some(a), Some(b)) = (&old.response, &new.response)
        && (a.media_type != b.media_type || a.decoding != b.decoding)
    {
        cx.push(
            Rule::ResponseMediaTypeChanged,
            subject,
            format!("the success body is now read as `{}` (was `{}`)", b.media_type, a.media_type),
        );
    }
}

/// The typed accessors of documented response headers, on the operation's output type.
fn response_headers(cx: &mut Cx<'_>, subject: &str, old: &Operation, new: &Operation) {
    let output = naming::output_type_name(&builder(new));
    match (old.response_headers.is_empty(), new.response_headers.is_empty()) {
        (true, true) => return,
        (true, false) => cx.push(
            Rule::ResponseHeadersGained,
            subject,
            format!("`send()` now returns `{output}` (it derefs to the `ResponseValue` it returned), for its header accessors"),
        ),
        (false, true) => cx.push(
            Rule::ResponseHeadersLost,
            subject,
            format!("no documented response header left: `send()` returns the `ResponseValue` again, `{output}` removed"),
        ),
        (false, false) => {}
    }
    let returns = |h: &ResponseHeader| {
        let value = if h.list { format!("Vec<{}>", show(&h.ty)) } else { show(&h.ty) };
        if h.required { value } else { format!("Option<{value}>") }
    };
    for h in &new.response_headers {
        match old.response_headers.iter().find(|o| o.accessor == h.accessor) {
            None => cx.push(
                Rule::ResponseHeaderAdded,
                subject,
                format!(
                    "new response header `{}`, read by `{output}::{}()` as `{}`",
                    h.wire_name,
                    h.accessor,
                    returns(h)
                ),
            ),
            Some(before)
                if (before.list, before.required) != (h.list, h.required) || !cx.same_type(&before.ty, &h.ty) =>
            {
                cx.push(
                    Rule::ResponseHeaderChanged,
                    subject,
                    format!("`{output}::{}()` now reads `{}` (was `{}`)", h.accessor, returns(h), returns(before)),
                )
            }
            Some(_) => {}
        }
    }
    for h in old.response_headers.iter().filter(|o| !new.response_headers.iter().any(|n| n.accessor == o.accessor)) {
        cx.push(
            Rule::ResponseHeaderRemoved,
            subject,
            format!("response header `{}` no longer documented: `{}()` removed", h.wire_name, h.accessor),
        );
    }
}

/// The failure statuses (400 to 599) whose body decodes as the documented error.
fn covered(errors: &ErrorStatuses) -> BTreeSet<u16> {
    (400..=599)
        .filter(|status| match errors {
            ErrorStatuses::All => true,
            ErrorStatuses::Only { codes, classes } => codes.contains(status) || classes.contains(&(status / 100)),
            ErrorStatuses::None => false,
        })
        .collect()
}

/// Statuses in a short form: a class all but a few of whose statuses are there as `4XX except 404`.
fn describe(statuses: &BTreeSet<u16>) -> String {
    let mut parts = Vec::new();
    for class in [4u16, 5] {
        let range = class * 100..class * 100 + 100;
        let missing: Vec<String> = range.clone().filter(|s| !statuses.contains(s)).map(|s| s.to_string()).collect();
        match missing.len() {
            0 => parts.push(format!("{class}XX")),
            1..10 => parts.push(format!("{class}XX except {}", missing.join(", "))),
            _ => parts.extend(range.filter(|s| statuses.contains(s)).map(|s| s.to_string())),
        }
    }
    parts.join(", ")
}

fn errors(cx: &mut Cx<'_>, subject: &str, old: &ErrorStatuses, new: &ErrorStatuses) {
    let (before, after) = (covered(old), covered(new));
    let gained: BTreeSet<u16> = after.difference(&before).copied().collect();
    let lost: BTreeSet<u16> = before.difference(&after).copied().collect();
    if !gained.is_empty() {
        cx.push(
            Rule::ErrorStatusesAdded,
            subject,
            format!(
                "failures with status {} now give `Error::Api` with the documented body (were `Error::UnexpectedStatus`)",
                describe(&gained)
            ),
        );
    }
    if !lost.is_empty() {
        cx.push(
            Rule::ErrorStatusesRemoved,
            subject,
            format!(
                "failures with status {} now give `Error::UnexpectedStatus` (were `Error::Api` with the documented body)",
                describe(&lost)
            ),
        );
    }
}

/// The type `Error::Api` holds: one body, or an enum of a body per status. An operation that
/// documents no body has the API's, whose change `ErrorBodyChanged` reports once for all.
fn error_body(cx: &mut Cx<'_>, subject: &str, old: &Operation, new: &Operation) {
    let api_default = |op: &Operation, api: &crate::ir::Api| op.error_body == ErrorBody::One(api.error_body.clone());
    if api_default(old, cx.old) && api_default(new, cx.new) {
        return;
    }
    match (&old.error_body, &new.error_body) {
        (ErrorBody::One(a), ErrorBody::One(b)) if cx.same_type(a, b) => {}
        (ErrorBody::PerStatus(a), ErrorBody::PerStatus(b)) if a.type_name == b.type_name => {
            for variant in &b.variants {
                match a.variants.iter().find(|v| v.rust_name == variant.rust_name) {
                    None => cx.push(
                        Rule::ErrorVariantAdded,
                        format!("{}::{}", b.type_name, variant.rust_name),
                        format!(
                            "new variant `{}({})`: its statuses decode there now, not as another variant",
                            variant.rust_name,
                            show(&variant.ty)
                        ),
                    ),
                    Some(before) if !cx.same_type(&before.ty, &variant.ty) => cx.push(
                        Rule::ErrorVariantTypeChanged,
                        format!("{}::{}", b.type_name, variant.rust_name),
                        format!("now holds `{}` (was `{}`)", show(&variant.ty), show(&before.ty)),
                    ),
                    Some(_) => {}
                }
            }
            for variant in a.variants.iter().filter(|v| !b.variants.iter().any(|n| n.rust_name == v.rust_name)) {
                cx.push(
                    Rule::ErrorVariantRemoved,
                    format!("{}::{}", a.type_name, variant.rust_name),
                    format!(
                        "variant `{}` removed: the operation documents no body of its own for it",
                        variant.rust_name
                    ),
                );
            }
        }
        (before, after) => cx.push(
            Rule::ErrorTypeChanged,
            subject,
            format!("`send()` now fails with `Error<{}>` (was `Error<{}>`)", error_type(after), error_type(before)),
        ),
    }
}

fn error_type(body: &ErrorBody) -> String {
    match body {
        ErrorBody::One(ty) => show(ty),
        ErrorBody::PerStatus(e) => e.type_name.clone(),
        ErrorBody::NotJson => naming::reserved::NO_ERROR_BODY.to_owned(),
    }
}

fn scopes(cx: &mut Cx<'_>, subject: &str, old: &Operation, new: &Operation) {
    for scope in new.scopes.iter().filter(|s| !old.scopes.contains(s)) {
        cx.push(
            Rule::ScopeAdded,
            subject,
            format!("needs the OAuth2 scope `{scope}`: credentials without it now get 403 Forbidden"),
        );
    }
    for scope in old.scopes.iter().filter(|s| !new.scopes.contains(s)) {
        cx.push(Rule::ScopeRemoved, subject, format!("no longer needs the OAuth2 scope `{scope}`"));
    }
}

fn pagination(cx: &mut Cx<'_>, subject: &str, old: &Operation, new: &Operation) {
    match (&old.pagination, &new.pagination) {
        (None, Some(p)) => cx.push(
            Rule::PaginationGained,
            subject,
            format!("now paginated: `into_stream()` yields every `{}` of every page", show(&p.item)),
        ),
        (Some(_), None) => cx.push(Rule::PaginationLost, subject, "no longer paginated: `into_stream()` removed"),
        (Some(a), Some(b)) if !cx.same_type(&a.item, &b.item) => cx.push(
            Rule::PaginationItemChanged,
            subject,
            format!("`into_stream()` now yields `{}` (was `{}`)", show(&b.item), show(&a.item)),
        ),
        _ => {}
    }
}
