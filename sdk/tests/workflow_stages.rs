//! Typed workflow stages (`WorkflowStage`, hand-written in `workflow_ext.rs`) against the shapes the
//! spec documents: the stage example of `V2WorkflowConfig`, and one stage of each kind built from
//! the examples of its schema's properties.

mod harness;

use formance_orchestration::models::{
    V2StageDelay, V2StageSend, V2StageWaitEvent, V2Update, V2WorkflowConfig, V2WorkflowInstanceHistory,
};
use formance_orchestration::{BigInt, RawJsonObject, WorkflowStage};
use harness::{TWO_POW_200, assert_same_json};
use serde_yaml::Value as Yaml;

fn spec() -> Yaml {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/orchestration-v2.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).expect("the spec")).expect("YAML")
}

fn schema<'a>(spec: &'a Yaml, name: &str) -> &'a Yaml {
    &spec["components"]["schemas"][name]
}

/// A JSON example of `schema` made of the examples its properties document, following `$ref`s;
/// maps without an example are empty. `None` when nothing in it has an example.
fn example(spec: &Yaml, schema: &Yaml) -> Option<Yaml> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.strip_prefix("#/components/schemas/").expect("a local reference");
        return example(spec, self::schema(spec, name));
    }
    if !schema["example"].is_null() {
        return Some(schema["example"].clone());
    }
    let properties = schema["properties"].as_mapping()?;
    let mut object = serde_yaml::Mapping::new();
    for (name, property) in properties {
        if let Some(value) = example(spec, property) {
            object.insert(name.clone(), value);
        } else if property["additionalProperties"].is_mapping() {
            object.insert(name.clone(), Yaml::Mapping(serde_yaml::Mapping::new()));
        }
    }
    (!object.is_empty()).then_some(Yaml::Mapping(object))
}

fn json(yaml: &Yaml) -> String {
    serde_json::to_string(yaml).expect("YAML as JSON")
}

fn stage(text: &str) -> WorkflowStage {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("decoding {text}: {e}"))
}

#[test]
fn the_spec_example_round_trips() {
    let spec = spec();
    let examples = schema(&spec, "V2WorkflowConfig")["properties"]["stages"]["example"].as_sequence().unwrap();
    assert!(!examples.is_empty());
    let texts: Vec<String> = examples.iter().map(json).collect();
    let stages: Vec<WorkflowStage> = texts.iter().map(|text| stage(text)).collect();
    let WorkflowStage::Send(send) = &stages[0] else { panic!("a send stage: {:?}", stages[0]) };
    let amount = send.amount.as_ref().unwrap();
    assert_eq!((amount.asset.as_str(), &amount.amount), ("USD/2", &BigInt::from(1000u16)));
    assert_eq!(send.source.as_ref().unwrap().account.as_ref().unwrap().id, "world");
    assert_eq!(send.destination.as_ref().unwrap().account.as_ref().unwrap().id, "users:001");

    let config = V2WorkflowConfig::from_stages(stages.clone()).unwrap();
    for (built, text) in config.stages.iter().zip(&texts) {
        assert_same_json(built.as_str(), text);
    }
    let sent = serde_json::to_string(&config).unwrap();
    let received: V2WorkflowConfig = serde_json::from_str(&sent).unwrap();
    assert_eq!(received.typed_stages().unwrap(), stages);
}

#[test]
fn every_kind_round_trips_with_the_documented_shape() {
    let spec = spec();
    for (kind, schema_name) in
        [("send", "V2StageSend"), ("delay", "V2StageDelay"), ("wait_event", "V2StageWaitEvent"), ("update", "V2Update")]
    {
        let settings = example(&spec, schema(&spec, schema_name)).unwrap_or_else(|| panic!("{schema_name} example"));
        let text = format!(r#"{{"{kind}":{}}}"#, json(&settings));
        let decoded = stage(&text);
        assert_eq!(decoded.kind(), Some(kind), "{text}");
        assert_same_json(&serde_json::to_string(&decoded).unwrap(), &text);
        assert_same_json(decoded.to_raw().unwrap().as_str(), &text);
    }
}

#[test]
fn typed_stages_build_the_wire_shape() {
    let amount: BigInt = TWO_POW_200.parse().unwrap();
    let send = V2StageSend::new().amount(formance_orchestration::models::V2Monetary::new(
        formance_orchestration::models::V2MonetaryRequired { asset: "USD/2", amount },
    ));
    let mut config = V2WorkflowConfig::from_stages([WorkflowStage::from(send.clone())]).unwrap();
    config.push_stage(V2StageDelay::new().duration("1h")).unwrap();
    config.push_stage(V2StageWaitEvent::new("payout-approved")).unwrap();
    config.push_stage(V2Update::new()).unwrap();
    config = config.name("payout");
    assert_eq!(
        serde_json::to_string(&config).unwrap(),
        format!(
            concat!(
                r#"{{"name":"payout","stages":[{{"send":{{"amount":{{"asset":"USD/2","amount":{}}}}}}},"#,
                r#"{{"delay":{{"duration":"1h"}}}},{{"wait_event":{{"event":"payout-approved"}}}},{{"update":{{}}}}]}}"#
            ),
            TWO_POW_200
        )
    );
    let stages = config.typed_stages().unwrap();
    assert_eq!(stages[0], WorkflowStage::Send(send));
    assert_eq!(
        stages.iter().map(WorkflowStage::kind).collect::<Vec<_>>(),
        [Some("send"), Some("delay"), Some("wait_event"), Some("update")]
    );
}

#[test]
fn unknown_kinds_are_kept_exactly() {
    let texts = [
        format!(r#"{{"refund":{{"amount":{TWO_POW_200},"z":1,"a":2}}}}"#),
        r#"{"send":{},"delay":{}}"#.to_owned(),
        "{}".to_owned(),
    ];
    for text in &texts {
        let decoded = stage(text);
        assert_eq!(decoded, WorkflowStage::Unknown(text.parse::<RawJsonObject>().unwrap()), "{text}");
        assert_eq!(decoded.kind(), None);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), *text);
    }
    let config = V2WorkflowConfig::from_stages(texts.iter().map(|t| stage(t))).unwrap();
    let sent = serde_json::to_string(&config).unwrap();
    assert_eq!(sent, format!(r#"{{"stages":[{}]}}"#, texts.join(",")));
}

#[test]
fn a_known_kind_with_bad_settings_is_an_error_naming_the_stage() {
    assert!(serde_json::from_str::<WorkflowStage>(r#"{"wait_event":{}}"#).is_err());
    assert!(serde_json::from_str::<WorkflowStage>(r#"{"delay":{"until":"soon"}}"#).is_err());
    assert!(serde_json::from_str::<WorkflowStage>(r#"["send"]"#).is_err());
    let config: V2WorkflowConfig = serde_json::from_str(
        r#"{"stages":[{"delay":{"duration":"1m"}},{"send":{"amount":{"asset":"USD/2","amount":1.5}}}]}"#,
    )
    .unwrap();
    let err = config.typed_stages().unwrap_err();
    assert!(err.to_string().starts_with("stage 1: "), "{err}");
}

/// A history entry in the server's shape: `name` is the stage's workflow, `RunSend`...
fn entry(name: &str, input: &str) -> V2WorkflowInstanceHistory {
    let text = format!(r#"{{"name":"{name}","input":{input},"terminated":true,"startedAt":"2024-05-01T08:00:00Z"}}"#);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("decoding {text}: {e}"))
}

/// The stage of a history entry is the one its `name` says, not the one the shape of `input`
/// suggests: `{}` fits every kind (a delay recorded without settings, the noop stage).
#[test]
fn a_history_entry_reads_its_stage_by_its_name() {
    let cases = [
        (
            "RunSend",
            r#"{"source":{"account":{"id":"world"}},"destination":{"account":{"id":"users:1"}},"timestamp":"2024-05-01T08:00:00Z"}"#,
            Some("send"),
        ),
        ("RunDelay", "{}", Some("delay")),
        ("RunWaitEvent", r#"{"event":"payout-approved"}"#, Some("wait_event")),
        ("RunUpdate", "{}", Some("update")),
    ];
    for (name, input, kind) in cases {
        let entry = entry(name, input);
        assert_eq!(entry.stage_kind(), kind, "{name}");
        let stage = entry.stage().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(stage.kind(), kind, "{name}: {stage:?} ({:?} by its shape)", entry.input);
    }
    let WorkflowStage::Send(send) = entry(cases[0].0, cases[0].1).stage().unwrap() else { panic!("a send") };
    assert_eq!(send.source.unwrap().account.unwrap().id, "world");
    let WorkflowStage::WaitEvent(wait) = entry("RunWaitEvent", cases[2].1).stage().unwrap() else { panic!("a wait") };
    assert_eq!(wait.event, "payout-approved");
}

#[test]
fn a_history_entry_of_a_kind_this_version_does_not_know_is_unknown() {
    for name in ["RunNoop", "RunNoOp", "RunSomethingNew", "send", ""] {
        let entry = entry(name, r#"{"x":1}"#);
        assert_eq!(entry.stage_kind(), None, "{name}");
        let WorkflowStage::Unknown(raw) = entry.stage().unwrap() else { panic!("{name}: unknown") };
        assert_eq!(raw.as_str(), r#"{"x":1}"#);
    }
    assert!(entry("RunNoop", "[1]").stage().is_err(), "an input that is not an object");
    assert!(entry("RunDelay", r#"{"duration":5}"#).stage().is_err(), "settings that are not a delay's");
}
