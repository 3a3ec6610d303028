//! Typed workflow stages. The spec leaves `V2WorkflowConfig.stages` free-form (each stage is an
//! object with one key naming its kind: `send`, `delay`, `wait_event` or `update`), so the
//! generated field is a list of [`RawJsonObject`]; this hand-written file adds [`WorkflowStage`]
//! and the methods that build and read those stages from the generated stage models, and reads the
//! stage of an instance's history entry by the name the server gives it.

use formance_sdk_runtime::__private::serde;
use formance_sdk_runtime::serde_json;
use serde::de::Deserializer;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::models::{
    V2StageDelay, V2StageSend, V2StageWaitEvent, V2Update, V2WorkflowConfig, V2WorkflowInstanceHistory,
};
use crate::{RawJson, RawJsonObject};

/// One stage of a workflow definition. On the wire it is an object with one key naming the kind,
/// holding the stage's settings: `{"send": {...}}`, `{"delay": {...}}`, `{"wait_event": {...}}` or
/// `{"update": {...}}`.
///
/// ```
/// use formance_orchestration::models::{
///     V2Monetary, V2MonetaryRequired, V2StageDelay, V2StageSend, V2WorkflowConfig,
/// };
/// use formance_orchestration::WorkflowStage;
///
/// let amount = V2Monetary::new(V2MonetaryRequired { asset: "USD/2", amount: 2500 });
/// let send = V2StageSend::new().amount(amount);
/// let delay = V2StageDelay::new().duration("1h");
/// let config = V2WorkflowConfig::from_stages([WorkflowStage::from(send), delay.into()])?;
/// assert_eq!(config.stages[1].as_str(), r#"{"delay":{"duration":"1h"}}"#);
/// assert!(matches!(config.typed_stages()?[0], WorkflowStage::Send(_)));
/// # Ok::<(), formance_orchestration::serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)] // kept inline, like the generated unions, for easy matching
pub enum WorkflowStage {
    /// `send`: moves an amount from a source to a destination.
    Send(V2StageSend),
    /// `delay`: pauses until a date or for a duration.
    Delay(V2StageDelay),
    /// `wait_event`: waits for an event sent to the instance.
    WaitEvent(V2StageWaitEvent),
    /// `update`: updates a ledger account's metadata.
    Update(V2Update),
    /// A stage this version of the SDK does not know (another kind, or not exactly one key), kept
    /// exactly as received so that writing it back sends the same stage.
    Unknown(RawJsonObject),
}

impl WorkflowStage {
    /// The key naming the stage's kind on the wire; `None` for [`WorkflowStage::Unknown`].
    pub fn kind(&self) -> Option<&'static str> {
        match self {
            Self::Send(_) => Some("send"),
            Self::Delay(_) => Some("delay"),
            Self::WaitEvent(_) => Some("wait_event"),
            Self::Update(_) => Some("update"),
            Self::Unknown(_) => None,
        }
    }

    /// Reads a stage from its JSON object. A known kind whose settings do not decode is an error; an
    /// unknown kind is kept as [`WorkflowStage::Unknown`].
    pub fn from_raw(raw: &RawJsonObject) -> Result<Self, serde_json::Error> {
        let entries: Vec<(String, &RawValue)> = raw.parse::<Entries<'_>>()?.0;
        let [(kind, settings)] = entries.as_slice() else {
            return Ok(Self::Unknown(raw.clone()));
        };
        let settings = settings.get();
        Ok(match kind.as_str() {
            "send" => Self::Send(serde_json::from_str(settings)?),
            "delay" => Self::Delay(serde_json::from_str(settings)?),
            "wait_event" => Self::WaitEvent(serde_json::from_str(settings)?),
            "update" => Self::Update(serde_json::from_str(settings)?),
            _ => Self::Unknown(raw.clone()),
        })
    }

    /// The stage's JSON object, as `V2WorkflowConfig.stages` holds it.
    pub fn to_raw(&self) -> Result<RawJsonObject, serde_json::Error> {
        match self {
            Self::Unknown(raw) => Ok(raw.clone()),
            known => RawJsonObject::from_serialize(known),
        }
    }
}

/// The entries of a JSON object in order, values left as text.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;

        impl<'de> serde::de::Visitor<'de> for EntriesVisitor {
            type Value = Entries<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor)
    }
}

impl Serialize for WorkflowStage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn one_key<S: Serializer>(serializer: S, kind: &str, settings: &impl Serialize) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry(kind, settings)?;
            map.end()
        }
        match self {
            Self::Send(settings) => one_key(serializer, "send", settings),
            Self::Delay(settings) => one_key(serializer, "delay", settings),
            Self::WaitEvent(settings) => one_key(serializer, "wait_event", settings),
            Self::Update(settings) => one_key(serializer, "update", settings),
            Self::Unknown(raw) => raw.serialize(serializer),
        }
    }
}

/// Needs serde_json, like [`RawJsonObject`]'s.
impl<'de> Deserialize<'de> for WorkflowStage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawJsonObject::deserialize(deserializer)?;
        Self::from_raw(&raw).map_err(serde::de::Error::custom)
    }
}

impl From<V2StageSend> for WorkflowStage {
    fn from(settings: V2StageSend) -> Self {
        Self::Send(settings)
    }
}

impl From<V2StageDelay> for WorkflowStage {
    fn from(settings: V2StageDelay) -> Self {
        Self::Delay(settings)
    }
}

impl From<V2StageWaitEvent> for WorkflowStage {
    fn from(settings: V2StageWaitEvent) -> Self {
        Self::WaitEvent(settings)
    }
}

impl From<V2Update> for WorkflowStage {
    fn from(settings: V2Update) -> Self {
        Self::Update(settings)
    }
}

impl V2WorkflowConfig {
    /// A workflow definition, without a name, running `stages` in order.
    pub fn from_stages<I>(stages: I) -> Result<Self, serde_json::Error>
    where
        I: IntoIterator,
        I::Item: Into<WorkflowStage>,
    {
        let stages = stages.into_iter().map(|stage| stage.into().to_raw()).collect::<Result<_, _>>()?;
        Ok(Self::new(stages))
    }

    /// Appends a stage.
    pub fn push_stage(&mut self, stage: impl Into<WorkflowStage>) -> Result<(), serde_json::Error> {
        self.stages.push(stage.into().to_raw()?);
        Ok(())
    }

    /// The stages, typed. The first stage of a known kind whose settings do not decode is an error
    /// naming its position; unknown kinds come back as [`WorkflowStage::Unknown`].
    pub fn typed_stages(&self) -> Result<Vec<WorkflowStage>, serde_json::Error> {
        self.stages
            .iter()
            .enumerate()
            .map(|(index, raw)| {
                WorkflowStage::from_raw(raw).map_err(|e| serde::de::Error::custom(format_args!("stage {index}: {e}")))
            })
            .collect()
    }
}

/// The stage kinds of the server's history entries, by the `name` it gives them: the name of the
/// workflow that ran the stage, `Run` and the kind in CamelCase (registered so by the orchestration
/// worker). The noop stage of upstream tests (`RunNoop`, `RunNoOp` on older servers) has no kind in
/// the spec, so it is not here.
const HISTORY_NAMES: [(&str, &str); 4] =
    [("RunSend", "send"), ("RunDelay", "delay"), ("RunWaitEvent", "wait_event"), ("RunUpdate", "update")];

impl V2WorkflowInstanceHistory {
    /// The kind of stage this entry ran, read from its `name`: `RunSend` is `send`, `RunDelay`
    /// `delay`, `RunWaitEvent` `wait_event` and `RunUpdate` `update` (the kinds of
    /// [`WorkflowStage::kind`]). `None` for any other name: `RunNoop` (`RunNoOp` on older servers),
    /// the noop stage of upstream tests, and kinds a later server adds.
    pub fn stage_kind(&self) -> Option<&'static str> {
        HISTORY_NAMES.iter().find(|(name, _)| *name == self.name).map(|(_, kind)| *kind)
    }

    /// The stage this entry ran, typed by its `name` (see [`stage_kind`](Self::stage_kind)), which
    /// the server sets, rather than by the shape of `input`, which only guesses: an `input` of `{}`
    /// fits every kind, and the generated `input` takes the first. The settings are decoded again
    /// from `input` (whose members keep the fields they know); settings that do not decode as the
    /// named kind are an error. A name this version does not know gives
    /// [`WorkflowStage::Unknown`] holding `input` as the entry holds it (its `name` says what ran),
    /// or an error when `input` is not an object.
    ///
    /// ```
    /// use formance_orchestration::WorkflowStage;
    /// use formance_orchestration::models::V2WorkflowInstanceHistory;
    ///
    /// let entry: V2WorkflowInstanceHistory = formance_orchestration::serde_json::from_str(
    ///     r#"{"name":"RunDelay","input":{},"terminated":false,"startedAt":"2024-05-01T08:00:00Z"}"#,
    /// )?;
    /// assert_eq!(entry.stage_kind(), Some("delay"));
    /// assert!(matches!(entry.stage()?, WorkflowStage::Delay(_)));
    /// # Ok::<(), formance_orchestration::serde_json::Error>(())
    /// ```
    pub fn stage(&self) -> Result<WorkflowStage, serde_json::Error> {
        let input = RawJson::from_serialize(&self.input)?;
        let stage = match self.stage_kind() {
            Some("send") => WorkflowStage::Send(input.parse()?),
            Some("delay") => WorkflowStage::Delay(input.parse()?),
            Some("wait_event") => WorkflowStage::WaitEvent(input.parse()?),
            Some("update") => WorkflowStage::Update(input.parse()?),
            _ => WorkflowStage::Unknown(input.parse()?),
        };
        Ok(stage)
    }
}
