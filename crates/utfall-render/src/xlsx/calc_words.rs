//! Every word of the *Calculation* sheet, in one table per language, so that
//! a catalogue of the statement's words can choose the table later.
//!
//! Only words are here: the symbols of `docs/method.md` (`I · n / N`), the
//! names the formulas use (`Inv`, `Payment_1`) and the engine's line ids stay
//! the same in every language, as in the other sheets.

/// The words of the *Calculation* sheet.
pub(crate) struct CalcWords {
    /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
    pub(crate) sheet: &'static str,
    /// Before the contract's name in the title row.
    pub(crate) title: &'static str,
    /// The line under the title: what the columns are.
    pub(crate) about: &'static str,
    /// The header row: figure, name, value, formula, exact, from.
    pub(crate) columns: [&'static str; 6],
    /// The heading of the inputs.
    pub(crate) inputs: &'static str,
    /// The heading of the window's figures that are no provider's.
    pub(crate) window: &'static str,
    /// After a provider's name: the heading of its figures over the window.
    pub(crate) provider_window: &'static str,
    /// The heading of the funder's figures.
    pub(crate) funder: &'static str,
    /// After a provider's name: the heading of its figures over the whole term.
    pub(crate) provider_term: &'static str,
    /// The formula column of an input.
    pub(crate) given: &'static str,
    /// After `V`'s source when the day value was amended within the window
    /// and `V` is a number rather than a formula over the months.
    pub(crate) value_by_month: &'static str,
    /// After a rounded figure's line when it is written as the engine's
    /// number because the amount before rounding lies a hair from the point
    /// where the rounding changes.
    pub(crate) near_boundary: &'static str,
    pub(crate) investment: &'static str,
    pub(crate) day_value: &'static str,
    pub(crate) term_months: &'static str,
    pub(crate) term_months_extended: &'static str,
    pub(crate) measured: &'static str,
    pub(crate) saved_days: &'static str,
    pub(crate) value: &'static str,
    pub(crate) contract_value: &'static str,
    pub(crate) outcome_share: &'static str,
    pub(crate) cap: &'static str,
    pub(crate) share_stated: &'static str,
    pub(crate) investment_window: &'static str,
    pub(crate) net_result: &'static str,
    pub(crate) break_even: &'static str,
    pub(crate) share: &'static str,
    pub(crate) share_implied: &'static str,
    pub(crate) share_difference: &'static str,
    pub(crate) cap_value: &'static str,
    pub(crate) counted: &'static str,
    pub(crate) payment_exact: &'static str,
    pub(crate) payment_cap: &'static str,
    pub(crate) payment: &'static str,
    pub(crate) fee_window: &'static str,
    pub(crate) pay_window: &'static str,
    pub(crate) contract_window: &'static str,
    pub(crate) provider_result: &'static str,
    pub(crate) payments: &'static str,
    pub(crate) funder_keeps: &'static str,
    pub(crate) funder_runs: &'static str,
    pub(crate) funder_net_result: &'static str,
    pub(crate) fee_term: &'static str,
    pub(crate) pay_term: &'static str,
}

/// The sheet in English, as every other sheet is written.
pub(crate) const ENGLISH: CalcWords = CalcWords {
    sheet: "Calculation",
    title: "Calculation: ",
    about: "The value column computes each figure from the inputs with a live formula; \
            a spreadsheet computes in binary floating point, so the exact column, \
            the engine's decimals, is the record.",
    columns: ["figure", "name", "value", "formula", "exact", "from"],
    inputs: "Inputs",
    window: "Measured window",
    provider_window: ", measured window",
    funder: "Funder, measured window",
    provider_term: ", whole term",
    given: "given",
    value_by_month: "; the day value was amended: V = Σ S(m) · d(m), month by month on the Trace sheet",
    near_boundary: "; the engine's figure, not a formula: the amount before rounding lies within a trillionth \
                    of a rounding boundary, too close for a spreadsheet's binary floating point to tell the side",
    investment: "I, investment over the term as agreed",
    day_value: "d, value of a saved day",
    term_months: "N, months of the term as agreed",
    term_months_extended: "N', months of the term as extended",
    measured: "n, months measured",
    saved_days: "S, net sick days saved (the S(m) column of the Months sheet)",
    value: "V, value of saved days",
    contract_value: "C, contract value",
    outcome_share: "r, part of the contract value paid on outcome",
    cap: "k, cap multiple",
    share_stated: "s, share of each saved krona as the contract states or amends it",
    investment_window: "I_w, investment attributable to the window",
    net_result: "project net result over the window",
    break_even: "saved days needed to break even",
    share: "s, share of each saved krona",
    share_implied: "share of each saved krona implied by the terms",
    share_difference: "stated share less the share implied by the terms",
    cap_value: "value of saved days where the cap is reached",
    counted: "value counted for the outcome payment",
    payment_exact: "outcome payment before rounding",
    payment_cap: "most the outcome payment can be over the window",
    payment: "outcome payment",
    fee_window: "activity fee over the window",
    pay_window: "pay over the window",
    contract_window: "contract value attributable to the window",
    provider_result: "provider's result over the window",
    payments: "outcome payments to all providers",
    funder_keeps: "value kept by the funder",
    funder_runs: "part of the window's investment the funder runs itself",
    funder_net_result: "funder's net result over the window",
    fee_term: "activity fee over the term",
    pay_term: "pay over the term",
};

/// The sheet in Swedish.
pub(crate) const SWEDISH: CalcWords = CalcWords {
    sheet: "Beräkning",
    title: "Beräkning: ",
    about: "Värdekolumnen räknar fram varje belopp ur indata med en levande formel; \
            ett kalkylprogram räknar med binära flyttal, så kolumnen exakt, \
            motorns decimaltal, är det som gäller.",
    columns: ["belopp", "namn", "värde", "formel", "exakt", "från"],
    inputs: "Indata",
    window: "Mätperioden",
    provider_window: ", mätperioden",
    funder: "Beställaren, mätperioden",
    provider_term: ", hela avtalstiden",
    given: "givet",
    value_by_month: "; dagvärdet ändrades: V = Σ S(m) · d(m), månad för månad på bladet Trace",
    near_boundary: "; motorns belopp, inte en formel: beloppet före avrundning ligger inom en biljondel \
                    från en avrundningsgräns, för nära för ett kalkylprograms binära flyttal att avgöra sidan",
    investment: "I, investering över avtalstiden som avtalad",
    day_value: "d, värde av en sparad dag",
    term_months: "N, avtalstidens månader som avtalade",
    term_months_extended: "N', avtalstidens månader som förlängda",
    measured: "n, mätta månader",
    saved_days: "S, sparade nettosjukdagar (kolumnen S(m) på bladet Months)",
    value: "V, värde av sparade dagar",
    contract_value: "C, kontraktsvärde",
    outcome_share: "r, del av kontraktsvärdet som betalas på utfall",
    cap: "k, takmultipel",
    share_stated: "s, andel av varje sparad krona som avtalet anger eller ändrar den",
    investment_window: "I_w, investering som hör till mätperioden",
    net_result: "projektets nettoresultat under mätperioden",
    break_even: "sparade dagar som behövs för break-even",
    share: "s, andel av varje sparad krona",
    share_implied: "andel av varje sparad krona som villkoren ger",
    share_difference: "angiven andel minus andelen som villkoren ger",
    cap_value: "värde av sparade dagar där taket nås",
    counted: "värde som räknas för utfallsersättningen",
    payment_exact: "utfallsersättning före avrundning",
    payment_cap: "högsta utfallsersättning under mätperioden",
    payment: "utfallsersättning",
    fee_window: "aktivitetsersättning under mätperioden",
    pay_window: "ersättning under mätperioden",
    contract_window: "kontraktsvärde som hör till mätperioden",
    provider_result: "utförarens resultat under mätperioden",
    payments: "utfallsersättningar till alla utförare",
    funder_keeps: "värde som beställaren behåller",
    funder_runs: "del av mätperiodens investering som beställaren själv står för",
    funder_net_result: "beställarens nettoresultat under mätperioden",
    fee_term: "aktivitetsersättning under avtalstiden",
    pay_term: "ersättning under avtalstiden",
};
