//! Fuzz the dataset loader: the first byte picks which file of the mini dataset the rest
//! replaces (dataset.toml, places, theatre, frontline, a layer, events.csv).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let file = common::FILES[selector as usize % common::FILES.len()];
    common::load_with(file, rest);
});
