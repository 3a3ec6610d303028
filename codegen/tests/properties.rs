//! Property test: random valid specs made of the constructs the generator supports (see
//! `random_spec`) always generate, the same bytes twice, and Rust that parses. A sample of them, from
//! fixed seeds, is built and linted as crates by `cargo xtask fixtures`.

mod random_spec;

use proptest::prelude::*;

fn check(spec: &str) -> Result<(), TestCaseError> {
    let options = codegen::Options::new("random");
    let first = codegen::generate(spec, &options).map_err(|e| TestCaseError::fail(format!("refused: {e}\n{spec}")))?;
    let second = codegen::generate(spec, &options).map_err(|e| TestCaseError::fail(format!("refused: {e}")))?;
    prop_assert!(first == second, "two generations differ:\n{spec}");
    for file in &first.files {
        if let Err(e) = syn::parse_file(&file.contents) {
            return Err(TestCaseError::fail(format!("{} does not parse: {e}\n{spec}", file.path)));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_specs_generate_deterministic_rust_that_parses(choices in prop::collection::vec(any::<u32>(), 64..256)) {
        let spec = random_spec::spec(&mut random_spec::FromList(&choices, 0));
        check(&spec)?;
    }
}

/// The seeded specs `cargo xtask fixtures` builds as crates generate too.
#[test]
fn the_seeded_sample_generates() {
    for seed in random_spec::SEEDS {
        check(&random_spec::seeded(seed)).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}
