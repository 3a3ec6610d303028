//! The examples of the docs: a call of each operation with its required arguments, and the crate's
//! usage example (client, a call, an error, a stream), with a value the generator can write for each
//! type (a string, a number, a model's `new` and its required-fields literal, an enum's first
//! variant, a union's first member...). They are doctests, `no_run`: they must compile for a user of
//! the crate, who has none of its dev-dependencies, so they name nothing but the crate and `std`.

use std::collections::BTreeSet;

use super::constructors::{NewTakes, new_takes};
use super::operations::{Argument, arguments};
use crate::ir::{Api, Body, BodyEncoding, FormField, Operation, PartKind, Struct, TypeKind, TypeRef};

/// How deep a value's models nest before the example stops writing them (`todo!()`): a chain of
/// required models, each holding the next, would otherwise be written whole.
const DEPTH: usize = 6;

/// Names the examples bind or call, which an argument's `let` must not shadow.
const TAKEN: &[&str] = &["client", "response", "items", "error", "models", "example"];

/// The code of one example: the values it binds, and the root items it names.
struct Writer<'a> {
    api: &'a Api,
    /// Items of the generated root the code names (`models`, `RawJson`...), for its `use` line.
    uses: BTreeSet<&'static str>,
    /// The models whose values are being written: a model that holds itself is not written again.
    stack: Vec<String>,
}

impl<'a> Writer<'a> {
    fn new(api: &'a Api) -> Self {
        Self { api, uses: BTreeSet::new(), stack: Vec::new() }
    }

    /// A value of `ty`, for a place that takes `impl Into<ty>` when `into`; `hint` names the strings.
    fn value(&mut self, ty: &TypeRef, into: bool, hint: &str) -> String {
        match ty {
            TypeRef::String if into => format!("{hint:?}"),
            TypeRef::String => format!("{hint:?}.to_owned()"),
            TypeRef::Bool => "true".to_owned(),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "1".to_owned(),
            TypeRef::F64 => "1.0".to_owned(),
            TypeRef::BigInt if into => "100".to_owned(),
            TypeRef::BigInt => self.root("BigInt", "BigInt::from(100)"),
            TypeRef::DateTime => "\"2024-01-01T00:00:00Z\".parse()?".to_owned(),
            TypeRef::Date => "\"2024-01-01\".parse()?".to_owned(),
            TypeRef::Uuid => "\"67e55044-10b1-426f-9247-bb680e5fe0c8\".parse()?".to_owned(),
            TypeRef::Json => self.root("RawJson", r#""{}".parse::<RawJson>()?"#),
            TypeRef::JsonObject => self.root("RawJsonObject", r#""{}".parse::<RawJsonObject>()?"#),
            TypeRef::Bytes if into => "&b\"bytes\"[..]".to_owned(),
            TypeRef::Bytes => self.root("bytes", "bytes::Bytes::from_static(b\"bytes\")"),
            TypeRef::List(item) if self.holds_model_on_stack(item) => "Vec::new()".to_owned(),
            TypeRef::List(item) => format!("vec![{}]", self.value(item, false, hint)),
            TypeRef::Map(_) => "Default::default()".to_owned(),
            TypeRef::Named(name) => self.named(name, into, hint),
        }
    }

    fn root(&mut self, item: &'static str, code: &str) -> String {
        self.uses.insert(item);
        code.to_owned()
    }

    fn holds_model_on_stack(&self, ty: &TypeRef) -> bool {
        match self.api.types.resolve(ty) {
            TypeRef::Named(name) => self.stack.contains(name),
            TypeRef::List(item) | TypeRef::Map(item) => self.holds_model_on_stack(item),
            _ => false,
        }
    }

    fn named(&mut self, name: &str, into: bool, hint: &str) -> String {
        let Some(def) = self.api.types.get(name) else {
            return format!("todo!(\"a value of {name}\")");
        };
        match &def.kind {
            TypeKind::Alias(target) => self.value(target, into, hint),
            _ if self.stack.iter().any(|n| n == name) || self.stack.len() >= DEPTH => self.unwritten(name, into),
            kind => {
                self.uses.insert("models");
                self.stack.push(name.to_owned());
                let value = self.model(name, kind, into, hint);
                self.stack.pop();
                value
            }
        }
    }

    /// A value the example does not write (a model that holds itself, or nests too deep): `todo!()`,
    /// typed where the place takes `impl Into<...>`, which `!` does not satisfy.
    fn unwritten(&mut self, name: &str, into: bool) -> String {
        let value = format!("todo!(\"a value of {name}\")");
        if !into {
            return value;
        }
        self.uses.insert("models");
        format!("{{ let value: models::{name} = {value}; value }}")
    }

    fn model(&mut self, name: &str, kind: &TypeKind, into: bool, hint: &str) -> String {
        match kind {
            TypeKind::Struct(s) => self.structure(name, s),
            TypeKind::Enum(e) => match e.variants.first() {
                Some(first) => format!("models::{name}::{}", first.rust_name),
                None => format!("models::{name}::from({hint:?})"),
            },
            TypeKind::Union(u) => {
                let member =
                    u.variants.iter().find(|v| !self.holds_model_on_stack(&v.ty)).or_else(|| u.variants.first());
                match member {
                    Some(v) => format!("models::{name}::{}({})", v.rust_name, self.value(&v.ty, false, hint)),
                    None => format!("todo!(\"a value of {name}\")"),
                }
            }
            TypeKind::Alias(target) => self.value(target, into, hint),
        }
    }

    /// `Model::new(...)`, as `constructors` writes it: no argument, the one required field, or the
    /// required-fields struct's literal.
    fn structure(&mut self, name: &str, s: &Struct) -> String {
        let required: Vec<(String, String)> = s
            .fields
            .iter()
            .filter(|f| !f.optional())
            .map(|f| (f.rust_name.to_string(), self.value(&f.ty, f.into, f.rust_name.as_str())))
            .collect();
        constructed(name, &required, s.required_struct.as_deref())
    }

    /// The value of a request body, as the client method takes it.
    fn body(&mut self, body: &Body) -> String {
        match &body.encoding {
            BodyEncoding::Bytes => self.value(&TypeRef::Bytes, true, "body"),
            BodyEncoding::Text => self.value(&TypeRef::String, true, "text"),
            BodyEncoding::Multipart(fields) => match &body.ty {
                TypeRef::Named(name) => self.form(name, fields, body.required_struct.as_deref()),
                other => self.value(other, false, "body"),
            },
            BodyEncoding::Json | BodyEncoding::Form(_) => self.value(&body.ty, false, "body"),
        }
    }

    /// A `multipart/form-data` body's struct, which is not among the API's types.
    fn form(&mut self, name: &str, fields: &[FormField], required_struct: Option<&str>) -> String {
        self.uses.insert("models");
        let required: Vec<(String, String)> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| {
                let value = match f.part {
                    PartKind::File => self.file(),
                    PartKind::Files => format!("vec![{}]", self.file()),
                    _ => self.value(&f.ty, f.into, f.rust_name.as_str()),
                };
                (f.rust_name.to_string(), value)
            })
            .collect();
        constructed(name, &required, required_struct)
    }

    fn file(&mut self) -> String {
        self.root("FilePart", "FilePart::new(&b\"file contents\"[..]).with_filename(\"file.txt\")")
    }

    /// The `let`s binding the arguments of `op` that are long to write, and the call of its method
    /// with them.
    fn call(&mut self, op: &Operation) -> (Vec<String>, String) {
        let mut lets = Vec::new();
        let mut args = Vec::new();
        for argument in arguments(op) {
            let (name, value) = match argument {
                Argument::Param(p) => (p.rust_name.to_string(), self.value(&p.ty, p.into, p.rust_name.as_str())),
                Argument::Body(b) => ("body".to_owned(), self.body(b)),
            };
            if value.len() > 40 {
                let name = if TAKEN.contains(&name.as_str()) { format!("{name}_arg") } else { name };
                lets.push(format!("let {name} = {value};"));
                args.push(name);
            } else {
                args.push(value);
            }
        }
        let client = match &op.group {
            None => "client".to_owned(),
            Some(group) => format!("client.{group}()"),
        };
        (lets, format!("{client}.{}({})", op.method_name, args.join(", ")))
    }

    /// `use root::{...};` for what the code names besides `extra`, or nothing.
    fn use_line(&self, root: &str, extra: &[&'static str]) -> Option<String> {
        let mut items: Vec<&str> = extra.iter().copied().chain(self.uses.iter().copied()).collect();
        items.sort_by_key(|item| (item.starts_with(char::is_lowercase), *item));
        items.dedup();
        match items.as_slice() {
            [] => None,
            [one] => Some(format!("use {root}::{one};")),
            items => Some(format!("use {root}::{{{}}};", items.join(", "))),
        }
    }
}

/// `models::Name::new(...)` from the required fields' names and values.
fn constructed(name: &str, required: &[(String, String)], required_struct: Option<&str>) -> String {
    match new_takes(name, required, required_struct) {
        NewTakes::Nothing => format!("models::{name}::new()"),
        NewTakes::One((_, value)) => format!("models::{name}::new({value})"),
        NewTakes::Struct(struct_name, fields) => {
            let fields: Vec<String> = fields.iter().map(|(field, value)| format!("{field}: {value}")).collect();
            format!("models::{name}::new(models::{struct_name} {{ {} }})", fields.join(", "))
        }
    }
}

/// The doc lines (each starting with a space, as `#[doc]` wants them) of the example of `op`: its
/// call with its required arguments, or for a paginated list, the stream of its items.
pub fn operation(api: &Api, op: &Operation, root: &str) -> Vec<String> {
    let mut writer = Writer::new(api);
    let (lets, call) = writer.call(op);
    let line = if op.pagination.is_some() {
        format!("let items: Vec<_> = {call}.into_stream().try_collect().await?;")
    } else if op.response.is_none() && op.response_headers.is_empty() {
        format!("{call}.send().await?;")
    } else {
        format!("let response = {call}.send().await?;")
    };
    // A doctest is a crate of its own: it too must follow types as deep as they nest.
    let mut code: Vec<String> =
        api.recursion_limit.iter().map(|limit| format!("# #![recursion_limit = \"{limit}\"]")).collect();
    code.push(format!("# async fn example(client: &{root}::Client) -> Result<(), Box<dyn std::error::Error>> {{"));
    if let Some(uses) = writer.use_line(root, &[]) {
        code.extend([uses, String::new()]);
    }
    code.extend(lets);
    code.extend([line, "# Ok(())".to_owned(), "# }".to_owned()]);
    let mut lines = vec!["# Example".to_owned(), String::new(), "```no_run".to_owned()];
    lines.extend(code);
    lines.push("```".to_owned());
    lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }).collect()
}

/// The crate's usage example (Markdown lines, its fences included): a client configured from the
/// environment (variables named with `env_prefix`), a call of the API's first `GET` operation (or its
/// first) with the documented error matched, and the stream of its first paginated list.
pub fn usage(api: &Api, root: &str, env_prefix: &str) -> Vec<String> {
    let mut writer = Writer::new(api);
    let mut body = vec![
        format!("// The server, credentials and timeouts from `{env_prefix}SERVER_URL` and the other variables"),
        "// `ClientBuilder` lists; its methods set them in code instead.".to_owned(),
        "let client = ClientBuilder::from_env()?.build()?;".to_owned(),
    ];
    let first = api.operations.iter().find(|op| op.http_method == "GET").or_else(|| api.operations.first());
    let mut extra = vec!["ClientBuilder"];
    if let Some(op) = first {
        extra.push("Error");
        let (lets, call) = writer.call(op);
        body.push(String::new());
        body.push("// A call: required parameters are the method's arguments, optional ones its setters.".to_owned());
        body.extend(lets);
        body.extend([
            format!("match {call}.send().await {{"),
            "    Ok(response) => println!(\"{}\", response.status()),".to_owned(),
            "    // A failure the API documents: its status, and its body decoded.".to_owned(),
            "    Err(Error::Api(error)) => println!(\"{}: {:?}\", error.status(), error.body()),".to_owned(),
            "    Err(error) => return Err(error.into()),".to_owned(),
            "}".to_owned(),
        ]);
    }
    if let Some(op) = api.operations.iter().find(|op| op.pagination.is_some()) {
        let (lets, call) = writer.call(op);
        body.push(String::new());
        body.push("// Every item of a paginated list, one page fetched at a time.".to_owned());
        body.extend(lets);
        body.push(format!("let items: Vec<_> = {call}.into_stream().try_collect().await?;"));
        body.push("println!(\"{} items\", items.len());".to_owned());
    }
    body.push("Ok(())".to_owned());
    let mut lines = vec!["```rust,no_run".to_owned()];
    lines.extend(api.recursion_limit.iter().map(|limit| format!("# #![recursion_limit = \"{limit}\"]")));
    lines.extend(writer.use_line(root, &extra));
    lines.push(String::new());
    lines.push("async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned());
    lines.extend(body.into_iter().map(|line| if line.is_empty() { line } else { format!("    {line}") }));
    lines.extend(["}".to_owned(), "```".to_owned()]);
    lines
}
