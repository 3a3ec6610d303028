//! progenitor's pipeline as the benchmark runs it, in one place for the `generate` figure and for
//! the build script of the progenitor client the other figures use: spec text, parsed, made
//! readable by progenitor, generated, formatted.
//!
//! progenitor panics on an operation's `default` response, so each one becomes the same response
//! under `4XX` and `5XX` (the statuses a `default` stands for in a spec whose successes are all
//! listed). That is done in memory, on the parsed document: the spec file is never changed.

use openapiv3::{OpenAPI, ReferenceOr, Responses, StatusCode};
use progenitor_impl::{GenerationSettings, Generator, InterfaceStyle};

/// progenitor's two interface styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One request builder per operation (`client.list_instances().page_size(15).send()`).
    Builder,
    /// One method per operation taking every parameter (`client.list_instances(None, Some(15), ...)`).
    Positional,
}

/// What one run of progenitor produced.
#[derive(Debug)]
pub struct Generated {
    /// The formatted source of the client: a `types` module and a `Client`.
    pub source: String,
    /// How many `default` responses were replaced with `4XX` and `5XX` to get it.
    pub defaults_replaced: usize,
}

/// Spec text (YAML or JSON) in, progenitor's formatted client source out: what the `generate`
/// figure times for progenitor, from the YAML parse to the formatted text, as ours is timed.
pub fn generate(spec_text: &str, style: Style) -> Result<Generated, String> {
    let mut spec: OpenAPI = serde_yaml::from_str(spec_text).map_err(|e| format!("spec: {e}"))?;
    let defaults_replaced = replace_default_responses(&mut spec);
    let mut settings = GenerationSettings::new();
    settings.with_interface(match style {
        Style::Builder => InterfaceStyle::Builder,
        Style::Positional => InterfaceStyle::Positional,
    });
    let tokens = Generator::new(&settings).generate_tokens(&spec).map_err(|e| format!("progenitor: {e}"))?;
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| format!("progenitor's output does not parse: {e}"))?;
    Ok(Generated { source: prettyplease::unparse(&file), defaults_replaced })
}

/// Replaces every operation's `default` response with the same response under `4XX` and `5XX`,
/// unless the operation already has one there. Returns how many `default` responses were replaced.
pub fn replace_default_responses(spec: &mut OpenAPI) -> usize {
    let mut replaced = 0;
    for item in spec.paths.paths.values_mut() {
        // A path item held elsewhere (`$ref`) is not in this document: nothing to patch.
        let ReferenceOr::Item(item) = item else { continue };
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            replaced += usize::from(replace_default(&mut operation.responses));
        }
    }
    replaced
}

fn replace_default(responses: &mut Responses) -> bool {
    let Some(default) = responses.default.take() else { return false };
    for range in [4, 5] {
        responses.responses.entry(StatusCode::Range(range)).or_insert_with(|| default.clone());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_the_orchestration_client_in_both_styles() {
        let spec = include_str!("../../../../spec/orchestration-v2.yaml");
        for style in [Style::Builder, Style::Positional] {
            let generated = generate(spec, style).unwrap();
            assert!(generated.defaults_replaced > 0);
            assert!(generated.source.contains("pub struct Client"), "{style:?}");
            assert!(generated.source.contains("pub enum V2Subject"), "{style:?}");
        }
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      responses:
        "200": { description: ok }
        default: { $ref: "#/components/responses/Error" }
    post:
      responses:
        "201": { description: created }
        "404": { description: not here }
        "4XX": { description: the operation's own 4XX }
        default: { description: inline default }
  /b:
    delete:
      responses:
        "204": { description: gone }
components:
  responses:
    Error: { description: failed }
"##;

    fn spec() -> OpenAPI {
        serde_yaml::from_str(SPEC).unwrap()
    }

    fn keys(responses: &Responses) -> Vec<String> {
        responses.responses.keys().map(ToString::to_string).collect()
    }

    #[test]
    fn each_default_becomes_4xx_and_5xx() {
        let mut spec = spec();
        assert_eq!(replace_default_responses(&mut spec), 2);

        let get = spec.paths.paths["/a"].as_item().unwrap().get.as_ref().unwrap();
        assert!(get.responses.default.is_none());
        assert_eq!(keys(&get.responses), ["200", "4XX", "5XX"]);
        let error = ReferenceOr::<openapiv3::Response>::ref_("#/components/responses/Error");
        assert_eq!(get.responses.responses[&StatusCode::Range(4)], error);
        assert_eq!(get.responses.responses[&StatusCode::Range(5)], error);
    }

    #[test]
    fn explicit_responses_are_kept() {
        let mut spec = spec();
        replace_default_responses(&mut spec);

        let post = spec.paths.paths["/a"].as_item().unwrap().post.as_ref().unwrap();
        assert_eq!(keys(&post.responses), ["201", "404", "4XX", "5XX"]);
        let description = |code| match &post.responses.responses[&code] {
            ReferenceOr::Item(response) => response.description.clone(),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        assert_eq!(description(StatusCode::Code(404)), "not here");
        assert_eq!(description(StatusCode::Range(4)), "the operation's own 4XX");
        assert_eq!(description(StatusCode::Range(5)), "inline default");
    }

    #[test]
    fn operations_without_default_are_untouched() {
        let mut spec = spec();
        let before = spec.paths.paths["/b"].clone();
        replace_default_responses(&mut spec);
        assert_eq!(spec.paths.paths["/b"], before);
        // A second pass finds nothing left to replace.
        assert_eq!(replace_default_responses(&mut spec), 0);
    }
}
