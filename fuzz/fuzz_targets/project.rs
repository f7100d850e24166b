//! Project-file text. Must never panic, hang or run out of memory; a project that is read
//! writes JSON that reads again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::project::Project;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(project) = Project::from_json(text, Path::new("fuzz.sozialatlas")) {
        let again = Project::from_json(&project.to_json(), Path::new("fuzz.sozialatlas"));
        assert!(again.is_ok(), "{again:?}");
    }
});
