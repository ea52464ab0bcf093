//! `measure --charts DIR`: the follow-up's charts as SVG files.

/// The follow-up's charts: (file name, SVG text) pairs.
pub(crate) fn charts(
    follow_up: &utfall_absence::FollowUp,
    style: &utfall_render::Style,
    reference: Option<(utfall_engine::Month, utfall_engine::Month)>,
) -> Vec<(String, String)> {
    // filled in by the charts work
    let _ = (follow_up, style, reference);
    Vec::new()
}
