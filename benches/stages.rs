//! Per-stage times of one frame (load, control, scene, svg, draw, encode) on the embedded
//! dataset, as medians of several runs: `cargo bench --bench stages`. Prints numbers, asserts
//! nothing. The machine's load is printed with them, as the figures are only as good as the
//! quiet.

use std::time::{Duration, Instant};

use frontline::Atlas;
use frontline::dataset::Dataset;
use frontline::scene::{SceneOptions, Theme};

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut out = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f());
        out.push(start.elapsed());
    }
    median(out)
}

fn main() {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    let runs = 9;
    if let Ok(n) = std::env::var("FRONTLINE_BENCH_DRAW_ONLY") {
        // For a profiler: draw one day N times and nothing else.
        let atlas = Atlas::new(Dataset::embedded().unwrap());
        let scene = atlas.scene("2020-11-08".parse().unwrap(), &SceneOptions::default());
        for _ in 0..n.parse().unwrap_or(50) {
            std::hint::black_box(frontline::render::draw(&scene));
        }
        return;
    }
    let t_load = time(3, || Atlas::new(Dataset::embedded().unwrap()));
    let atlas = Atlas::new(Dataset::embedded().unwrap());
    let day = "2020-11-08".parse().unwrap();
    for (width, height) in [(1600, 1100), (800, 550)] {
        let options = SceneOptions { width, height, theme: Theme::named("light").unwrap(), ..SceneOptions::default() };
        let t_control = time(runs, || atlas.control(&atlas.state(day)));
        let t_scene_all = time(runs, || atlas.scene(day, &options));
        let scene = atlas.scene(day, &options);
        let t_svg = time(runs, || frontline::render::render_svg(&scene));
        let t_draw = time(runs, || frontline::render::draw(&scene));
        let pixmap = frontline::render::draw(&scene);
        let t_encode = time(runs, || frontline::render::png::encode_png(&pixmap, None).unwrap());
        println!("{width}x{height}, {day}, medians of {runs} runs (ms):");
        println!("  load dataset + cells (once a run) {t_load:8.1}");
        println!("  control (state + areas)           {t_control:8.1}");
        println!("  scene (incl. control)             {t_scene_all:8.1}");
        println!("  svg text                          {t_svg:8.1}");
        println!("  draw pixels                       {t_draw:8.1}");
        println!("  encode png                        {t_encode:8.1}");
        println!("  one frame, svg + png              {:8.1}", t_scene_all + t_svg + t_draw + t_encode);
        if width == 1600 {
            use png::{DeflateCompression as D, Filter as F};
            println!("  png encoders (deflate, filter): ms, bytes");
            let choices = [
                ("level 6 (default), adaptive", D::Level(6), F::Adaptive),
                ("level 1, adaptive", D::Level(1), F::Adaptive),
                ("level 1, no filter", D::Level(1), F::NoFilter),
                ("level 2, no filter", D::Level(2), F::NoFilter),
                ("level 3, no filter", D::Level(3), F::NoFilter),
                ("level 4, no filter", D::Level(4), F::NoFilter),
                ("level 2, adaptive", D::Level(2), F::Adaptive),
                ("level 1, up", D::Level(1), F::Up),
                ("fdeflate, no filter", D::FdeflateUltraFast, F::NoFilter),
                ("fdeflate, up", D::FdeflateUltraFast, F::Up),
                ("fdeflate, adaptive", D::FdeflateUltraFast, F::Adaptive),
            ];
            for (name, deflate, filter) in choices {
                let encode = || frontline::render::png::encode_png_using(&pixmap, None, deflate, filter).unwrap();
                let t = time(5, encode);
                println!("    {name:32} {t:8.1} {:9}", encode().len());
            }
        }
    }
}
