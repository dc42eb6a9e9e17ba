//! The filters gloss adds to Tera's built-in ones.

use tera::{Kwargs, State, Tera, TeraResult, Value};

/// Registers every gloss filter on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("json", json);
}

/// `{{ value | json | safe }}`: the value as JSON, safe inside a `<script>`
/// element (for JSON-LD or data for a theme's script) because `<`, `>` and `&`
/// are written as `\u003c`, `\u003e` and `\u0026`, so no string in it can
/// close the element. `pretty=true` indents it.
fn json(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let pretty = kwargs.get::<bool>("pretty")?.unwrap_or(false);
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .map_err(tera::Error::message)?;
    Ok(crate::text::script_safe_json(&text))
}
