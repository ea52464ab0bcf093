//! The risk-sharing curve (the report's Figure 3, *Ekonomisk riskdelning*) as
//! an SVG chart and a CSV table.
