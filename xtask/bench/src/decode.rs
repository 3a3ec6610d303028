//! `decode_10k`: 10,000-item answers decoded into our models, into progenitor's types, and into
//! `serde_json::Value` (the floor: no typing at all), from the same bytes. Three lists: instances
//! (plain structs), an instance's history (each item's `input` a `V2Stage`, an `anyOf`) and a
//! stage's history (`V2Subject`, a discriminated `oneOf`, inside each item). Speed is half of it:
//! each side also says how many union members it decoded as what they are.

use std::time::Duration;

use formance_orchestration::models;
use progenitor_peer::types as peer;
use serde::de::DeserializeOwned;

use crate::data;
use crate::report::{Figure, Unit};
use crate::rounds::{self, Clock, Side};

const ITEMS: u64 = 10_000;

pub fn figures(rounds: usize) -> Result<Vec<Figure>, String> {
    let mut figures = Vec::new();

    let instances = data::instances_page((0..ITEMS).map(data::instance).collect(), false, None).to_vec();
    let ours: models::V2ListRunsResponse = decode(&instances)?;
    let theirs: peer::V2ListRunsResponse = decode(&instances)?;
    let counts = format!("instances decoded: ours {}, progenitor {}", ours.cursor.data.len(), theirs.cursor.data.len());
    figures.extend(compare::<models::V2ListRunsResponse, peer::V2ListRunsResponse>(
        "instances",
        &instances,
        rounds,
        counts,
    ));

    let history = data::data_list(ITEMS, data::instance_history_item);
    let ours: models::V2GetWorkflowInstanceHistoryResponse = decode(&history)?;
    let theirs: peer::V2GetWorkflowInstanceHistoryResponse = decode(&history)?;
    let right_ours = ours
        .data
        .iter()
        .enumerate()
        .filter(|(n, item)| our_stage_kind(&item.input) == Some(data::stage_kind(*n as u64)))
        .count();
    let right_theirs = theirs
        .data
        .iter()
        .enumerate()
        .filter(|(n, item)| peer_stage_kind(&item.input) == Some(data::stage_kind(*n as u64)))
        .count();
    let counts = format!(
        "V2Stage decoded as the one member it is (send, delay, wait_event, update): ours {right_ours}/{ITEMS}, \
         progenitor {right_theirs}/{ITEMS}"
    );
    figures.extend(
        compare::<models::V2GetWorkflowInstanceHistoryResponse, peer::V2GetWorkflowInstanceHistoryResponse>(
            "instance_history",
            &history,
            rounds,
            counts,
        ),
    );

    let stages = data::data_list(ITEMS, data::stage_history_item);
    let ours: models::V2GetWorkflowInstanceHistoryStageResponse = decode(&stages)?;
    let theirs: peer::V2GetWorkflowInstanceHistoryStageResponse = decode(&stages)?;
    let wallets = data::wallets_in_stage_history(ITEMS);
    let counts = format!(
        "WALLET subjects decoded as wallets: ours {}/{wallets}, progenitor {}/{wallets} (of {} subjects)",
        our_wallets(&ours),
        peer_wallets(&theirs),
        data::subjects_in_stage_history(ITEMS),
    );
    figures.extend(compare::<
        models::V2GetWorkflowInstanceHistoryStageResponse,
        peer::V2GetWorkflowInstanceHistoryStageResponse,
    >("stage_history", &stages, rounds, counts));
    Ok(figures)
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("decoding into {}: {e}", std::any::type_name::<T>()))
}

/// Ours against progenitor's types and against `Value`, the three measured in the same rounds;
/// `counts` says how right each side decoded the list.
fn compare<Ours: DeserializeOwned, Theirs: DeserializeOwned>(
    list: &str,
    bytes: &[u8],
    rounds: usize,
    counts: String,
) -> [Figure; 2] {
    let target = Duration::from_millis(250);
    let mut sides: Vec<Side<'_>> = vec![
        rounds::timed(Clock::ThreadCpu, target, || serde_json::from_slice::<Ours>(bytes).expect("ours")),
        rounds::timed(Clock::ThreadCpu, target, || serde_json::from_slice::<Theirs>(bytes).expect("progenitor's")),
        rounds::timed(Clock::ThreadCpu, target, || serde_json::from_slice::<serde_json::Value>(bytes).expect("Value")),
    ];
    let measured = rounds::interleave(rounds, &mut sides);
    let size = format!("{} KiB of JSON", bytes.len() / 1024);
    [
        Figure::new(
            &format!("decode_10k/{list}/progenitor"),
            "serde_json into progenitor's types",
            Unit::Millis,
            &measured[0],
            &measured[1],
        )
        .clock(Clock::ThreadCpu)
        .note(size)
        .note(counts),
        Figure::new(
            &format!("decode_10k/{list}/value"),
            "serde_json into serde_json::Value (floor)",
            Unit::Millis,
            &measured[0],
            &measured[2],
        )
        .clock(Clock::ThreadCpu),
    ]
}

fn our_stage_kind(stage: &models::V2Stage) -> Option<usize> {
    match stage {
        models::V2Stage::Send(_) => Some(0),
        models::V2Stage::Delay(_) => Some(1),
        models::V2Stage::WaitEvent(_) => Some(2),
        models::V2Stage::Update(_) => Some(3),
        _ => None,
    }
}

/// progenitor makes `V2Stage` a struct of four flattened optional members: a stage is decoded as
/// its kind when that member alone is set.
fn peer_stage_kind(stage: &peer::V2Stage) -> Option<usize> {
    let set =
        [stage.subtype_0.is_some(), stage.subtype_1.is_some(), stage.subtype_2.is_some(), stage.subtype_3.is_some()];
    match set.iter().filter(|set| **set).count() {
        1 => set.iter().position(|set| *set),
        _ => None,
    }
}

fn our_wallets(list: &models::V2GetWorkflowInstanceHistoryStageResponse) -> usize {
    let is_wallet = |subject: &models::V2Subject| matches!(subject, models::V2Subject::Wallet(_));
    list.data
        .iter()
        .map(|item| {
            let credit = item.input.credit_wallet.as_ref().and_then(|a| a.data.as_ref());
            let debit = item.input.debit_wallet.as_ref().and_then(|a| a.data.as_ref());
            credit.map_or(0, |c| c.sources.iter().filter(|s| is_wallet(s)).count())
                + debit.and_then(|d| d.destination.as_ref()).map_or(0, |s| usize::from(is_wallet(s)))
        })
        .sum()
}

fn peer_wallets(list: &peer::V2GetWorkflowInstanceHistoryStageResponse) -> usize {
    let is_wallet = |subject: &peer::V2Subject| matches!(subject, peer::V2Subject::WalletSubject(_));
    list.data
        .iter()
        .map(|item| {
            let credit = item.input.credit_wallet.as_ref().and_then(|a| a.data.as_ref());
            let debit = item.input.debit_wallet.as_ref().and_then(|a| a.data.as_ref());
            credit.map_or(0, |c| c.sources.iter().filter(|s| is_wallet(s)).count())
                + debit.and_then(|d| d.destination.as_ref()).map_or(0, |s| usize::from(is_wallet(s)))
        })
        .sum()
}
