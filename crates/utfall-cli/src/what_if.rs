//! `utfall what-if`: the saved days per employee a contract needs to break
//! even and to reach its caps, and payments by saved days.

use anyhow::Result;
use utfall_engine::WhatIf;
use utfall_render::{render_whatif_csv, render_whatif_text};

use crate::args::{TableFormat, WhatIfArgs};
use crate::{input, interrupt, output};

/// Runs `utfall what-if`.
///
/// # Errors
/// Bad or unreadable input, or standard output that cannot be written.
pub fn run(args: WhatIfArgs) -> Result<()> {
    let contract = input::contract(&args.contract)?;
    interrupt::check()?;
    let whatif = WhatIf::new(&contract, args.headcount, args.step)?;
    let text = match args.format {
        TableFormat::Text => render_whatif_text(&whatif, &args.locale.style()),
        TableFormat::Csv => render_whatif_csv(&whatif),
    };
    output::to_stdout(text.as_bytes())
}
