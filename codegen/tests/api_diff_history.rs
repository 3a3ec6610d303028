//! `codegen::diff` on the real history of the Orchestration V2 spec: every published version from the
//! formancehq/stack repository (`ee/orchestration/openapi/v2.yaml`, first `ee/orchestration/openapi-v2.yaml`),
//! compared step by step. Each report was checked by hand against `git diff` of the two versions;
//! all of them are kept in `snapshots/api_diff_history__history_reports.snap`, and the steps the issue
//! names are pinned below as well.
//!
//! The upstream files are under Formance's Enterprise Edition licence (everything under `ee/`), which
//! does not allow redistributing them, so they are not copied into this repository: the test reads
//! them with `git show` from a clone of formancehq/stack named by `FORMANCE_STACK_REPO` (a work tree
//! or a bare clone). Without it, the test says so on stderr and checks nothing, as
//! `spec_matches_reference` does without the reference.

use std::path::PathBuf;
use std::process::Command;

use codegen::diff::{self, Impact, Report, Rule};

/// The SDK's generation options (the types its hand-written code sends count as request models).
#[path = "../../xtask/src/sdk_options.rs"]
mod sdk_options;

const PATH: &str = "ee/orchestration/openapi/v2.yaml";
const FIRST_PATH: &str = "ee/orchestration/openapi-v2.yaml";

/// Every version whose contents differ from the one before, oldest first: (commit, date, title).
/// Left out: d42aee869 (the rename to `openapi/v2.yaml`, same contents as 4732fc794) and cf7476615
/// (same contents as fa38bbc93). b6478bd4e reverts 38b081cf9 to the contents of 5de36f4a8.
const VERSIONS: &[(&str, &str, &str)] = &[
    ("4732fc7949c87bbd6fbdb336d558d50690041ebb", "2023-12-11", "feat(flows): add pagination and v2 api (#993)"),
    ("fcc7dac82d00b8ecb47b09a4b391e7105ab69e11", "2023-12-12", "feat: wallets ledger v1 (#1001)"),
    ("8a5be065fa93b6b65743906fbeb8d558b1ba9032", "2023-12-12", "feat(flows): compat with ledger v1 (#1003)"),
    ("b646d93353f034dc9abfe779e72b9afa3735ce62", "2023-12-19", "feat(flows): add triggers testing (#1051)"),
    (
        "af874a7a33abce7c84960c327371c2fe6f25aad1",
        "2023-12-21",
        "feat(flows): allow to specify wallet by name on 'send' (#1067)",
    ),
    ("374774c14f115457137c1109c0c33697cab5a62b", "2023-12-21", "feat(flows): add instance status on triggers (#1068)"),
    (
        "7ef70e1100f9bb635d92a5d4a56e91e82146157e",
        "2023-12-21",
        "feat(flows): add capability to add metadata on send stage (#1072)",
    ),
    (
        "a622be5186fd62ce7bf51687619874012e82606b",
        "2024-02-26",
        "fix(orchestration): stop trigger workflows when variables evaluation fails (#1285)",
    ),
    (
        "a41ba98082dbfc18b302bb4f1f4e166c1b86e543",
        "2024-03-20",
        "feat: add capability to configure timestamp on debits/credits operations (#1346)",
    ),
    ("d761bc77b1d2cbd7fd2ae5ee57e7c2de39cc873c", "2024-03-21", "feat: add 'timestamp' on 'send' stage (#1347)"),
    (
        "bf210b07b871c83348bd8176cf755f4c315798b2",
        "2024-04-08",
        "feat(openapi): treat all  responses as speakeasy error (#1382)",
    ),
    (
        "f4fc61d3bd35900bc242a9a8f933201d55ac7dcc",
        "2024-04-25",
        "fix(orchestration): fix missing query params cursor and pageSize (#1446)",
    ),
    (
        "fa38bbc93d7e742f7c07f1d113358562c2e07d35",
        "2024-04-25",
        "feat(orchestration): eng 878 featflows ability to name triggers in workflows (#1458)",
    ),
    (
        "5de36f4a8b621d8387d05aa38311789bb7d87186",
        "2024-05-23",
        "feat(orchestration): add stage to update ledger account (#1529)",
    ),
    (
        "38b081cf9cc164281efe3b8a49f87d74137a1e19",
        "2024-06-21",
        "feat(wallets): add expand=balances query param on GET /wallets (#1564)",
    ),
    (
        "b6478bd4e6fe8eec0c409cd3cc86eafc4f3c8b78",
        "2024-06-21",
        "chore: Revert \"feat(wallets): add expand=balances query param on GET /wallets\" (#1572)",
    ),
    (
        "07ccff2a5fde90105c4d257d6230b9116cc8a391",
        "2024-09-02",
        "feat(sdk): Rework for use version in namespace (#1620)",
    ),
    ("4ef64c034ba7224c9fceb18cba98dc80e97454cb", "2024-09-23", "feat(all): Add scopes in OpenAPI files (#1700)"),
];

fn stack_repo() -> Option<PathBuf> {
    let dir = std::env::var_os("FORMANCE_STACK_REPO").filter(|d| !d.is_empty()).map(PathBuf::from)?;
    dir.exists().then_some(dir)
}

fn show(repo: &PathBuf, commit: &str) -> String {
    let path = if commit == VERSIONS[0].0 { FIRST_PATH } else { PATH };
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["show", &format!("{commit}:{path}")])
        .output()
        .unwrap_or_else(|e| panic!("cannot run git: {e}"));
    assert!(
        output.status.success(),
        "git show {commit}:{path} in {}: {}",
        repo.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the spec is UTF-8")
}

/// The report of each step, keyed by the short commits of its two ends.
fn steps(repo: &PathBuf) -> Vec<(String, String, Report)> {
    let apis: Vec<_> = VERSIONS
        .iter()
        .map(|(commit, ..)| {
            diff::api(&show(repo, commit), &sdk_options::SDK_OPTIONS)
                .unwrap_or_else(|e| panic!("the generator refuses {commit}: {e}"))
        })
        .collect();
    VERSIONS
        .windows(2)
        .zip(apis.windows(2))
        .map(|(v, a)| (v[0].0[..9].to_owned(), v[1].0[..9].to_owned(), diff::compare(&a[0], &a[1])))
        .collect()
}

fn step<'a>(steps: &'a [(String, String, Report)], old: &str, new: &str) -> &'a Report {
    steps
        .iter()
        .find(|(o, n, _)| o == old && n == new)
        .map(|(.., r)| r)
        .unwrap_or_else(|| panic!("no step {old}..{new}"))
}

fn count(report: &Report, rule: Rule) -> usize {
    report.changes.iter().filter(|c| c.rule == rule).count()
}

#[test]
fn every_published_step() {
    let Some(repo) = stack_repo() else {
        eprintln!("api_diff_history: SKIPPED, set FORMANCE_STACK_REPO to a clone of formancehq/stack");
        return;
    };
    let steps = steps(&repo);

    // "add triggers testing": a new operation and the types of its response.
    let testing = step(&steps, "8a5be065f", "b646d9335");
    assert_eq!(testing.worst(), Some(Impact::Additive));
    assert_eq!(testing.rules()[0], (Rule::OperationAdded, "Client::test_trigger"));
    assert_eq!(count(testing, Rule::TypeAdded), 4);

    // "add capability to add metadata on send stage": one optional field, read in responses.
    let metadata = step(&steps, "374774c14", "7ef70e110");
    assert_eq!(metadata.rules(), [(Rule::OptionalFieldAdded, "V2StageSend.metadata")]);

    // "ability to name triggers": a new optional query parameter (a setter) and an optional field of the
    // request model `V2TriggerData` (a setter), which `V2Trigger` takes in through `allOf`.
    let names = step(&steps, "f4fc61d3b", "fa38bbc93");
    assert_eq!(
        names.rules(),
        [
            (Rule::OptionalParamAdded, "Client::v2_list_triggers"),
            (Rule::OptionalFieldAdded, "V2Trigger.name"),
            (Rule::OptionalFieldAdded, "V2TriggerData.name"),
        ]
    );

    // "add stage to update ledger account": a new member of the `V2Stage` union.
    let update = step(&steps, "fa38bbc93", "5de36f4a8");
    assert_eq!(update.worst(), Some(Impact::Additive));
    assert!(update.rules().contains(&(Rule::UnionMemberAdded, "V2Stage::Update")));

    // "stop trigger workflows when variables evaluation fails": two response fields become optional.
    let occurrences = step(&steps, "7ef70e110", "a622be518");
    assert_eq!(
        occurrences.rules(),
        [
            (Rule::FieldBecameOptionalInResponses, "V2TriggerOccurrence.workflow_instance_id"),
            (Rule::FieldBecameOptionalInResponses, "V2TriggerOccurrence.workflow_instance"),
            (Rule::OptionalFieldAdded, "V2TriggerOccurrence.error"),
        ]
    );

    // "add expand=balances": `V2WalletWithBalances` is folded into `V2Wallet`.
    let balances = step(&steps, "5de36f4a8", "38b081cf9");
    assert_eq!(balances.worst(), Some(Impact::Breaking));
    assert!(balances.rules().contains(&(Rule::TypeRemoved, "V2WalletWithBalances")));
    assert!(balances.rules().contains(&(Rule::FieldTypeChanged, "V2GetWalletResponse.data")));

    // "use version in namespace": `x-speakeasy-name-override` renames every method.
    let renames = step(&steps, "b6478bd4e", "07ccff2a5");
    assert_eq!(count(renames, Rule::OperationRenamed), 17);
    assert_eq!(renames.changes.len(), 17);

    // "Add scopes": every operation needs a scope now; two schemas no operation used are gone.
    let scopes = step(&steps, "07ccff2a5", "4ef64c034");
    assert_eq!(count(scopes, Rule::ScopeAdded), 18);
    assert_eq!(count(scopes, Rule::TypeRemoved), 2);

    let mut printed = String::new();
    for ((old, new, report), (_, date, title)) in steps.iter().zip(&VERSIONS[1..]) {
        printed.push_str(&format!("## {old}..{new} ({date}) {title}\n{report}\n"));
    }
    insta::assert_snapshot!("history_reports", printed);
}
