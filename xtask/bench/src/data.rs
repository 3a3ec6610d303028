//! The JSON the figures decode: lists shaped like the Orchestration API's answers, made up
//! deterministically with a mix of every variant, and how many of each variant they hold.
//!
//! Keys are written in the spec's order (a union's discriminator first), as a server that
//! serializes declared structs sends them; `serde_json::Value` would sort them instead.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// JSON whose objects keep their keys in the order written.
#[derive(Debug, Clone)]
pub enum Json {
    Str(String),
    Num(u64),
    Bool(bool),
    List(Vec<Json>),
    Obj(Vec<(&'static str, Json)>),
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Str(s) => serializer.serialize_str(s),
            Json::Num(n) => serializer.serialize_u64(*n),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::List(items) => serializer.collect_seq(items),
            Json::Obj(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl Json {
    fn with(mut self, key: &'static str, value: Json) -> Json {
        if let Json::Obj(entries) = &mut self {
            entries.push((key, value));
        }
        self
    }

    pub fn to_vec(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("JSON")
    }
}

fn s(value: impl Into<String>) -> Json {
    Json::Str(value.into())
}

fn obj<const N: usize>(entries: [(&'static str, Json); N]) -> Json {
    Json::Obj(entries.into())
}

/// A made-up identifier in UUID form, different for each `n`.
fn uuid(n: u64) -> String {
    let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    format!("{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}", x >> 32, (x >> 16) & 0xffff, x & 0xfff, (x >> 12) & 0xfff, x >> 16)
}

fn date(n: u64) -> Json {
    s(format!("2024-05-{:02}T{:02}:{:02}:{:02}.{:03}Z", 1 + n % 28, n % 24, n % 60, (n / 60) % 60, n % 1000))
}

/// A `V2WorkflowInstance`: every field, optional ones on some instances only.
pub fn instance(n: u64) -> Json {
    let id = uuid(n);
    let stages = (0..n % 4)
        .map(|stage| {
            obj([
                ("stage", Json::Num(stage)),
                ("instanceID", s(&id)),
                ("startedAt", date(n + stage)),
                ("terminatedAt", date(n + stage + 1)),
            ])
        })
        .collect();
    let mut instance = obj([
        ("workflowID", s(uuid(n % 50 + 1_000_000))),
        ("id", s(id)),
        ("createdAt", date(n)),
        ("updatedAt", date(n + 7)),
        ("status", Json::List(stages)),
        ("terminated", Json::Bool(n.is_multiple_of(3))),
    ]);
    if n.is_multiple_of(3) {
        instance = instance.with("terminatedAt", date(n + 9));
    }
    if n.is_multiple_of(7) {
        instance = instance.with("error", s("balance of wallet main too low"));
    }
    instance
}

/// One page of instances, as `list_instances` answers.
pub fn instances_page(data: Vec<Json>, has_more: bool, next: Option<&str>) -> Json {
    let mut cursor = obj([("pageSize", Json::Num(data.len().max(1) as u64)), ("hasMore", Json::Bool(has_more))]);
    if let Some(next) = next {
        cursor = cursor.with("next", s(next));
    }
    obj([("cursor", cursor.with("data", Json::List(data)))])
}

/// The kind of stage item `n` of an instance history holds: 0 send, 1 delay, 2 wait_event, 3 update.
pub fn stage_kind(n: u64) -> usize {
    (n % 4) as usize
}

/// A `V2WorkflowInstanceHistory` item: its `input` is a `V2Stage` of kind [`stage_kind`].
pub fn instance_history_item(n: u64) -> Json {
    let (name, input) = match stage_kind(n) {
        0 => (
            "send",
            obj([
                ("amount", obj([("asset", s("USD/2")), ("amount", Json::Num(1000 + n))])),
                (
                    "destination",
                    obj([("account", obj([("id", s(format!("users:{n:04}"))), ("ledger", s("default"))]))]),
                ),
                ("source", obj([("wallet", obj([("id", s(uuid(n))), ("balance", s("main"))]))])),
                ("metadata", obj([("order", s(n.to_string()))])),
            ]),
        ),
        1 if n % 8 == 1 => ("delay", obj([("duration", s("1h30m"))])),
        1 => ("delay", obj([("until", date(n))])),
        2 => ("wait_event", obj([("event", s("payout-approved"))])),
        _ => (
            "update",
            obj([(
                "account",
                obj([
                    ("id", s(format!("users:{n:04}"))),
                    ("metadata", obj([("status", s("paid"))])),
                    ("ledger", s("default")),
                ]),
            )]),
        ),
    };
    let mut item = obj([("name", s(name)), ("input", input)]);
    item = item.with("terminated", Json::Bool(!n.is_multiple_of(5))).with("startedAt", date(n));
    if !n.is_multiple_of(5) {
        item = item.with("terminatedAt", date(n + 1));
    }
    item
}

/// Whether subject `k` of stage-history item `n` is a wallet (else a ledger account).
fn is_wallet(n: u64, k: u64) -> bool {
    (n + k) % 5 < 3
}

/// A `V2Subject`, its discriminator first as the spec declares it.
fn subject(n: u64, k: u64) -> Json {
    if is_wallet(n, k) {
        obj([("type", s("WALLET")), ("identifier", s(uuid(n * 3 + k))), ("balance", s("main"))])
    } else {
        obj([("type", s("ACCOUNT")), ("identifier", s(format!("users:{n:04}:{k}")))])
    }
}

/// A `V2WorkflowInstanceHistoryStage` item: a CreditWallet activity with two source subjects, or a
/// DebitWallet activity with a destination subject (`V2Subject`, ACCOUNT or WALLET).
pub fn stage_history_item(n: u64) -> Json {
    let amount = obj([("asset", s("EUR/2")), ("amount", Json::Num(250 + n))]);
    let (name, input) = if n.is_multiple_of(2) {
        let data = obj([
            ("amount", amount),
            ("metadata", obj([("reason", s("refund"))])),
            ("sources", Json::List(vec![subject(n, 0), subject(n, 1)])),
            ("balance", s("main")),
        ]);
        ("CreditWallet", obj([("CreditWallet", obj([("id", s(uuid(n))), ("data", data)]))]))
    } else {
        let data = obj([
            ("amount", amount),
            ("pending", Json::Bool(false)),
            ("metadata", obj([("order", s(n.to_string()))])),
            ("destination", subject(n, 0)),
        ]);
        ("DebitWallet", obj([("DebitWallet", obj([("id", s(uuid(n))), ("data", data)]))]))
    };
    obj([
        ("name", s(name)),
        ("input", input),
        ("terminated", Json::Bool(true)),
        ("startedAt", date(n)),
        ("terminatedAt", date(n + 1)),
        ("attempt", Json::Num(1 + n % 3)),
    ])
}

/// How many WALLET subjects the first `count` stage-history items hold.
pub fn wallets_in_stage_history(count: u64) -> usize {
    (0..count)
        .map(|n| {
            if n % 2 == 0 {
                usize::from(is_wallet(n, 0)) + usize::from(is_wallet(n, 1))
            } else {
                usize::from(is_wallet(n, 0))
            }
        })
        .sum()
}

/// How many subjects the first `count` stage-history items hold.
pub fn subjects_in_stage_history(count: u64) -> usize {
    (0..count).map(|n| if n % 2 == 0 { 2 } else { 1 }).sum()
}

/// `{"data": [...]}` around `count` items made by `item`: the answer of both history operations.
pub fn data_list(count: u64, item: impl Fn(u64) -> Json) -> Vec<u8> {
    obj([("data", Json::List((0..count).map(item).collect()))]).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_counted_as_generated() {
        let text = String::from_utf8(data_list(40, stage_history_item)).unwrap();
        assert_eq!(text.matches(r#"{"type":"WALLET","#).count(), wallets_in_stage_history(40));
        assert_eq!(
            text.matches(r#"{"type":"ACCOUNT","#).count(),
            subjects_in_stage_history(40) - wallets_in_stage_history(40)
        );
        assert!(wallets_in_stage_history(40) > 0 && wallets_in_stage_history(40) < subjects_in_stage_history(40));
    }

    #[test]
    fn keys_keep_their_order() {
        let text = String::from_utf8(instance(3).to_vec()).unwrap();
        assert!(text.starts_with(r#"{"workflowID":"#), "{text}");
        assert!(text.ends_with(r#","terminated":true,"terminatedAt":"2024-05-13T12:12:00.012Z"}"#), "{text}");
    }

    #[test]
    fn identifiers_differ() {
        let ids: std::collections::HashSet<String> = (0..10_000).map(uuid).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
