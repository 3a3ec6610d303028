//! Random valid OpenAPI 3.0 specs made of the constructs the generator supports: objects that hold
//! each other (recursion, through fields, lists, maps and unions), string enums of odd values,
//! unions with and without a discriminator, `allOf` chains, aliases, and names that are keywords,
//! punctuation, or collide once made Rust names. Each spec is built from a stream of choices, so that
//! proptest can drive it (`tests/properties.rs`) and `cargo xtask fixtures` can build a few of them,
//! from fixed seeds, as crates (`seeded`).
//!
//! Valid by construction: a property name has one schema wherever it appears (so `allOf` members
//! merge), aliases and `allOf`s only name earlier schemas (no loops), discriminated unions list
//! distinct object schemas, and union members are never unions.

use std::fmt::Write as _;

/// Names that are keywords, not identifiers at all, punctuation, or that collide with each other or
/// with names the generated code has.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "self_",
    "match",
    "crate",
    "super",
    "_",
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "a b",
    "a.b",
    "2fa",
    "new",
    "default",
    "clone",
    "Unknown",
    "unknown",
    "value",
    "builder",
    "base_url",
    "Operations",
    "ApiErrorBody",
    "Error",
    "Client",
    "items",
    "get-thing",
    "get thing!",
    "id",
    "ID",
    "Id",
];

/// Enum values that are empty, spaced, cased alike, non-ASCII, or named like the catch-all.
const VALUES: &[&str] = &["", "a b", "A B", "a-b", "UNKNOWN", "unknown", "Unknown", "ünï", "1", "-", "_", "x", "X"];

/// A source of choices: `pick(n)` is in `0..n` (`n` > 0).
pub trait Choices {
    fn pick(&mut self, n: usize) -> usize;

    fn chance(&mut self, percent: usize) -> bool {
        self.pick(100) < percent
    }
}

/// Choices from a list of numbers, as proptest gives them (the last repeats when they run out).
pub struct FromList<'a>(pub &'a [u32], pub usize);

impl Choices for FromList<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let value = self.0.get(self.1).or(self.0.last()).copied().unwrap_or(0);
        self.1 += 1;
        value as usize % n
    }
}

/// Choices from a seed (xorshift), for specs that must be the same on every run.
pub struct Seeded(pub u64);

impl Choices for Seeded {
    fn pick(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The seeds of the specs `cargo xtask fixtures` builds as crates (and the property test generates).
pub const SEEDS: std::ops::RangeInclusive<u64> = 1..=4;

/// The spec built from seed `seed`.
pub fn seeded(seed: u64) -> String {
    spec(&mut Seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1))
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Object,
    Enum,
    TaggedUnion,
    Union,
    AllOf,
    Alias,
}

fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// A spec: operations, then the schemas they use. Schemas are written as YAML flow mappings.
pub fn spec(c: &mut impl Choices) -> String {
    let count = 1 + c.pick(7);
    let shapes: Vec<Shape> = (0..count)
        .map(|i| match c.pick(if i == 0 { 2 } else { 6 }) {
            0 => Shape::Object,
            1 => Shape::Enum,
            2 => Shape::TaggedUnion,
            3 => Shape::Union,
            4 => Shape::AllOf,
            _ => Shape::Alias,
        })
        .collect();
    // Schema names from the pool, made distinct (they may still collide as Rust names).
    let mut names: Vec<String> = Vec::with_capacity(count);
    for _ in 0..count {
        let mut name = NAMES[c.pick(NAMES.len())].to_owned();
        while names.contains(&name) {
            name.push_str(["_", "-", " ", "2"][c.pick(4)]);
        }
        names.push(name);
    }
    let reference = |i: usize| format!("{{$ref: {}}}", quoted(&format!("#/components/schemas/{}", names[i])));
    let objects: Vec<usize> = (0..count).filter(|i| matches!(shapes[*i], Shape::Object | Shape::AllOf)).collect();
    // One schema per property name, wherever it appears.
    let property_types: Vec<String> = NAMES.iter().map(|_| value_schema(c, count, &reference, 3)).collect();

    let mut out = String::from("openapi: 3.0.3\ninfo:\n  title: Random\n  version: 0.1.0\npaths:\n");
    let operations = c.pick(4);
    let mut ids: Vec<String> = Vec::new();
    for k in 0..operations {
        // Operation ids are unique in a valid spec; they may still collide as Rust names.
        let mut id = NAMES[c.pick(NAMES.len())].to_owned();
        while ids.contains(&id) {
            id.push('!');
        }
        ids.push(id.clone());
        let _ = writeln!(out, "  /op{k}/{{id}}:\n    post:\n      operationId: {}", quoted(&id));
        let _ = writeln!(
            out,
            "      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: {}, in: query, schema: {{type: string, enum: [{}]}}}}",
            quoted(NAMES[c.pick(NAMES.len())]),
            quoted(VALUES[c.pick(VALUES.len())]),
        );
        let _ = writeln!(
            out,
            "      requestBody: {{content: {{application/json: {{schema: {}}}}}}}\n      responses:\n        '200': {{description: Done., content: {{application/json: {{schema: {}}}}}}}",
            reference(c.pick(count)),
            reference(c.pick(count)),
        );
    }
    if operations == 0 {
        out.push_str("  {}\n");
    }

    out.push_str("components:\n  schemas:\n");
    for i in 0..count {
        let schema = match shapes[i] {
            Shape::Object => object(c, &property_types),
            Shape::Enum => {
                let values: Vec<String> = (0..1 + c.pick(5)).map(|_| quoted(VALUES[c.pick(VALUES.len())])).collect();
                format!("{{type: string, enum: [{}]}}", values.join(", "))
            }
            Shape::TaggedUnion if !objects.is_empty() => {
                let mut members: Vec<usize> = (0..1 + c.pick(3)).map(|_| objects[c.pick(objects.len())]).collect();
                members.sort_unstable();
                members.dedup();
                let list: Vec<String> = members.iter().map(|m| reference(*m)).collect();
                let mapping = if c.chance(50) {
                    let entries: Vec<String> = members
                        .iter()
                        .enumerate()
                        .map(|(n, m)| {
                            let value = format!("{}{n}", VALUES[c.pick(VALUES.len())]);
                            format!("{}: {}", quoted(&value), quoted(&format!("#/components/schemas/{}", names[*m])))
                        })
                        .collect();
                    format!(", mapping: {{{}}}", entries.join(", "))
                } else {
                    String::new()
                };
                format!("{{oneOf: [{}], discriminator: {{propertyName: objectKind{mapping}}}}}", list.join(", "))
            }
            Shape::Union | Shape::TaggedUnion => {
                // Members are objects or scalars, never unions: a union that holds only itself has no size.
                let members: Vec<String> = (0..1 + c.pick(3))
                    .map(|_| match objects.is_empty() || c.chance(50) {
                        true => scalar(c).to_owned(),
                        false => reference(objects[c.pick(objects.len())]),
                    })
                    .collect();
                format!("{{oneOf: [{}]}}", members.join(", "))
            }
            Shape::AllOf => {
                let mut members: Vec<String> =
                    objects.iter().filter(|j| **j < i).take(2).map(|j| reference(*j)).collect();
                members.push(object(c, &property_types));
                format!("{{allOf: [{}]}}", members.join(", "))
            }
            Shape::Alias if i > 0 => reference(c.pick(i)),
            Shape::Alias => "{type: string}".to_owned(),
        };
        let _ = writeln!(out, "    {}: {schema}", quoted(&names[i]));
    }
    out
}

/// An object with properties (from the pool, each with its one schema), some of them required.
fn object(c: &mut impl Choices, property_types: &[String]) -> String {
    let mut properties: Vec<usize> = (0..1 + c.pick(5)).map(|_| c.pick(NAMES.len())).collect();
    properties.sort_unstable();
    properties.dedup();
    let required: Vec<String> = properties.iter().filter(|_| c.chance(50)).map(|p| quoted(NAMES[*p])).collect();
    let listed: Vec<String> =
        properties.iter().map(|p| format!("{}: {}", quoted(NAMES[*p]), property_types[*p])).collect();
    format!("{{type: object, required: [{}], properties: {{{}}}}}", required.join(", "), listed.join(", "))
}

/// The schema of a value: a scalar, a reference to any schema (its own included: recursion), a
/// string enum, or a list or map of one; sometimes nullable.
fn value_schema(c: &mut impl Choices, count: usize, reference: &impl Fn(usize) -> String, depth: usize) -> String {
    let schema = match c.pick(if depth == 0 { 3 } else { 5 }) {
        0 => scalar(c).to_owned(),
        1 => reference(c.pick(count)),
        2 => {
            let values: Vec<String> = (0..1 + c.pick(4)).map(|_| quoted(VALUES[c.pick(VALUES.len())])).collect();
            format!("{{type: string, enum: [{}]}}", values.join(", "))
        }
        3 => format!("{{type: array, items: {}}}", value_schema(c, count, reference, depth - 1)),
        _ => format!("{{type: object, additionalProperties: {}}}", value_schema(c, count, reference, depth - 1)),
    };
    match (c.chance(15), schema.strip_suffix('}')) {
        (true, Some(open)) if !schema.starts_with("{$ref") => format!("{open}, nullable: true}}"),
        _ => schema,
    }
}

fn scalar(c: &mut impl Choices) -> &'static str {
    [
        "{type: string}",
        "{type: integer}",
        "{type: integer, format: bigint}",
        "{type: integer, format: int32}",
        "{type: number}",
        "{type: boolean}",
        "{type: string, format: date-time}",
        "{type: string, format: uuid}",
    ][c.pick(8)]
}
