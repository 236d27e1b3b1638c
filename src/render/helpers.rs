//! Every handlebars helper confspec's templates use, registered in one place. Each charges
//! what it makes to the render's budget (`budget.rs`) before writing it, and a number a
//! template gives it that sizes what it makes is checked before anything is allocated.

use super::budget;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason, Renderable, StringOutput,
};

pub fn register(registry: &mut Handlebars<'static>) {
    registry.register_helper("oslo_comment", Box::new(oslo_comment));
    registry.register_helper("oslo_setting", Box::new(oslo_setting));
    registry.register_helper("oslo_values", Box::new(oslo_values));
    registry.register_helper("indent", Box::new(indent));
    registry.register_helper("csv", Box::new(csv));
}

/// The helper's `i`th parameter, a text or null. `helper` is its name, for the message.
fn str_param<'a>(h: &'a Helper, helper: &'static str, i: usize) -> Result<Option<&'a str>, RenderErrorReason> {
    match h.param(i).map(|p| p.value()) {
        None => Err(RenderErrorReason::ParamNotFoundForIndex(helper, i)),
        Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(other) => {
            Err(RenderErrorReason::InvalidParamType(if other.is_number() { "number" } else { "non-string" }))
        }
    }
}

fn oslo_comment(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let Some(text) = str_param(h, "oslo_comment", 0)? else { return Ok(()) };
    let width = h
        .param(1)
        .and_then(|p| p.value().as_u64())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("oslo_comment", 1))?;
    let mut s = String::new();
    crate::oslo::lines::comment(text, width as usize, &mut s);
    budget::keep(s.len() as u64)?;
    out.write(&s)?;
    Ok(())
}

/// The sample's setting lines: `#dest = value` for each formatted default (or `dest = value`
/// when minimal), continuation lines of a multi-line value behind `#    `.
/// `{{oslo_setting dest defaults minimal}}`.
fn oslo_setting(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let dest = str_param(h, "oslo_setting", 0)?.unwrap_or_default();
    let defaults = h
        .param(1)
        .and_then(|p| p.value().as_array())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("oslo_setting", 1))?;
    let minimal = h.param(2).map(|p| p.value().as_bool() == Some(true)).unwrap_or(false);
    let mut s = String::new();
    crate::oslo::lines::setting(dest, defaults.iter().map(|v| v.as_str().unwrap_or_default()), minimal, &mut s);
    budget::keep(s.len() as u64)?;
    out.write(&s)?;
    Ok(())
}

/// A starter config's setting lines: `dest = text` for each value's config-file text.
/// `{{oslo_values dest values}}`.
fn oslo_values(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let dest = str_param(h, "oslo_values", 0)?.unwrap_or_default();
    let texts = h
        .param(1)
        .and_then(|p| p.value().as_array())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("oslo_values", 1))?;
    let mut s = String::new();
    crate::ini::write::setting_lines(dest, texts.iter().map(|v| v.as_str().unwrap_or_default()), &mut s);
    budget::keep(s.len() as u64)?;
    out.write(&s)?;
    Ok(())
}

/// oslo's Sphinx extension's `_indent(text, n)`: every line of the block's content behind `n`
/// spaces, blank lines left empty, lines split as Python's `splitlines` splits them.
/// `{{#indent 2}}text{{/indent}}`.
fn indent<'reg, 'rc>(
    h: &Helper<'rc>,
    r: &'reg Handlebars<'reg>,
    ctx: &'rc Context,
    rc: &mut RenderContext<'reg, 'rc>,
    out: &mut dyn Output,
) -> HelperResult {
    let n = h.param(0).and_then(|p| p.value().as_u64()).ok_or(RenderErrorReason::ParamNotFoundForIndex("indent", 0))?;
    let mut inner = StringOutput::new();
    if let Some(t) = h.template() {
        t.render(r, ctx, rc, &mut inner)?;
    }
    let text = inner.into_string()?;
    // The spaces are counted before they are made: `n` comes from the template.
    let size = crate::oslo::lines::indented_len(&text, n);
    if !budget::fits(size) {
        return Err(RenderErrorReason::Other(format!(
            "`indent {n}` would write {} bytes, more than this render may hold",
            size.map_or_else(|| "over 2^64".to_owned(), |s| s.to_string())
        ))
        .into());
    }
    out.write(&crate::oslo::lines::indent(&text, n as usize))?;
    Ok(())
}

/// A CSV field quoted as RFC 4180 says (see `deprecations::csv_field`). `{{csv text}}`.
fn csv(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let text = str_param(h, "csv", 0)?.unwrap_or_default();
    let field = super::deprecations::csv_field(text);
    budget::keep(field.len() as u64)?;
    out.write(&field)?;
    Ok(())
}
