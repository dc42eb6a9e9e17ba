//! The filters and functions gloss adds to Tera's built-in ones. Each
//! checks the page's render budget (`budget.rs`) first: a render stopped in
//! one of them is reported at the place in the template that called it.

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::budget;

/// The most numbers one `range` gives, as Tera's own `range` allows.
const MAX_RANGE: i128 = 100_000;

/// Registers every gloss filter and function on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("json", json);
    tera.register_function("range", range);
}

/// The error that stops a render over its budget.
fn within_budget() -> TeraResult<()> {
    budget::check()
        .map_err(|exceeded| tera::Error::message(format!("this page's render {exceeded}")))
}

/// `{{ value | json | safe }}`: the value as JSON, safe inside a `<script>`
/// element (for JSON-LD or data for a theme's script) because `<`, `>` and `&`
/// are written as `\u003c`, `\u003e` and `\u0026`, so no string in it can
/// close the element. `pretty=true` indents it.
fn json(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    within_budget()?;
    let pretty = kwargs.get::<bool>("pretty")?.unwrap_or(false);
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .map_err(tera::Error::message)?;
    Ok(crate::text::script_safe_json(&text))
}

/// `range(end=N)`, `range(start=S, end=N, step_by=K)`: Tera's `range`,
/// which it replaces so that a loop of `range` inside a loop, the usual
/// runaway of a template, checks the budget at every turn of the outer loop.
fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    within_budget()?;
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `step_by` argument of 0",
        ));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    let too_many = || {
        tera::Error::message(format!(
            "Function `range` would produce more than {MAX_RANGE} numbers"
        ))
    };
    let span = end.checked_sub(start).ok_or_else(too_many)?;
    // Numbers from start towards end, end excluded; none when they go apart.
    let count = if (span > 0) == (step > 0) && span != 0 {
        (span.unsigned_abs() - 1) / step.unsigned_abs() + 1
    } else {
        0
    };
    if count > MAX_RANGE as u128 {
        return Err(too_many());
    }
    Ok((0..count as i128).map(|i| start + i * step).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(template: &str) -> String {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", &tera::Context::new())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn range_counts_as_teras_does() {
        let each = |args: &str| {
            numbers(&format!(
                "{{% for i in range({args}) %}}{{{{ i }}}},{{% endfor %}}"
            ))
        };
        assert_eq!(each("end=3"), "0,1,2,");
        assert_eq!(each("start=2, end=8, step_by=3"), "2,5,");
        assert_eq!(each("start=5, end=0, step_by=-2"), "5,3,1,");
        assert_eq!(each("start=1, end=1"), "");
        assert_eq!(each("start=0, end=5, step_by=-1"), "");
        assert!(each("start=3, end=1").contains("greater than"));
        assert!(each("end=3, step_by=0").contains("of 0"));
        assert!(each("end=100001").contains("more than 100000"));
    }
}
