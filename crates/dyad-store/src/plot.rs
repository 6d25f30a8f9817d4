//! SVG chart of a relations series: Goldstein mean above, QuadClass counts
//! (stacked bars) below, sharing the period axis.
//!
//! SVG only: text is left to the viewer's fonts, so no font files are needed
//! to build or run dyad.

use std::path::Path;

use plotters::prelude::*;

use crate::relations::Point;
use crate::StoreError;

const Q_COLORS: [RGBColor; 4] = [
    RGBColor(127, 191, 123), // verbal cooperation
    RGBColor(27, 120, 55),   // material cooperation
    RGBColor(253, 174, 97),  // verbal conflict
    RGBColor(215, 48, 39),   // material conflict
];
const Q_NAMES: [&str; 4] = [
    "verbal cooperation (Q1)",
    "material cooperation (Q2)",
    "verbal conflict (Q3)",
    "material conflict (Q4)",
];
const LINE: RGBColor = RGBColor(33, 102, 172);

/// Draws the chart to `path` (SVG) with `title`, e.g. "JPN–RUS relations".
pub fn relations_svg(path: &Path, title: &str, points: &[Point]) -> Result<(), StoreError> {
    draw(path, title, points).map_err(|e| StoreError::Plot {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn draw(path: &Path, title: &str, points: &[Point]) -> Result<(), Box<dyn std::error::Error>> {
    if points.is_empty() {
        return Err("no events to plot (widen --since/--until or check the actor codes)".into());
    }
    let root = SVGBackend::new(path, (1100, 720)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(title, ("sans-serif", 28).into_font())?;
    let (top, bottom) = root.split_vertically(360);
    let n = points.len();
    let x_range = -0.5f64..(n as f64 - 0.5);
    let label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        points
            .get(i as usize)
            .map(|p| p.period.clone())
            .unwrap_or_default()
    };
    let labels = n.min(12);

    let means: Vec<f64> = points.iter().filter_map(|p| p.goldstein_mean).collect();
    let lo = means.iter().copied().fold(0.0f64, f64::min).floor() - 1.0;
    let hi = means.iter().copied().fold(0.0f64, f64::max).ceil() + 1.0;
    let mut g = ChartBuilder::on(&top)
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .caption(
            "Goldstein mean per period (−10 conflict … +10 cooperation)",
            ("sans-serif", 18),
        )
        .build_cartesian_2d(x_range.clone(), lo.max(-10.5)..hi.min(10.5))?;
    g.configure_mesh()
        .x_labels(labels)
        .x_label_formatter(&label)
        .y_desc("Goldstein mean")
        .y_label_formatter(&|y: &f64| format!("{y:+.0}"))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    g.draw_series(LineSeries::new(
        [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
        BLACK.mix(0.4).stroke_width(1),
    ))?;
    // Periods without events break the line instead of being drawn as zero.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, p) in points.iter().enumerate() {
        match p.goldstein_mean {
            Some(m) => runs.last_mut().expect("non-empty").push((i as f64, m)),
            None => runs.push(Vec::new()),
        }
    }
    let mut first = true;
    for run in runs.into_iter().filter(|r| !r.is_empty()) {
        let s = g.draw_series(LineSeries::new(run.clone(), LINE.stroke_width(2)))?;
        if first {
            s.label("Goldstein mean")
                .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], LINE.stroke_width(2)));
            first = false;
        }
        g.draw_series(
            run.into_iter()
                .map(|(x, y)| Circle::new((x, y), 3, LINE.filled())),
        )?;
    }
    g.configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()?;

    let max_count = points.iter().map(|p| p.events).max().unwrap_or(0).max(1);
    let mut c = ChartBuilder::on(&bottom)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .caption("Events per period by QuadClass", ("sans-serif", 18))
        .build_cartesian_2d(x_range, 0f64..(f64::from(max_count) * 1.45).ceil())?;
    c.configure_mesh()
        .x_labels(labels)
        .x_label_formatter(&label)
        .x_desc("period")
        .y_desc("events")
        .y_labels(6)
        .y_label_formatter(&|y: &f64| format!("{y:.0}"))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    for q in 0..4 {
        let bars = points.iter().enumerate().map(|(i, p)| {
            let counts = [p.q1, p.q2, p.q3, p.q4];
            let below: u32 = counts[..q].iter().sum();
            let x = i as f64;
            Rectangle::new(
                [
                    (x - 0.4, f64::from(below)),
                    (x + 0.4, f64::from(below + counts[q])),
                ],
                Q_COLORS[q].filled(),
            )
        });
        let color = Q_COLORS[q];
        c.draw_series(bars)?
            .label(Q_NAMES[q])
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
    }
    // Four legend rows: the 45% headroom above the tallest bar keeps them clear.
    c.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(())
}
