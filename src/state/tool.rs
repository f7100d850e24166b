//! The map's click tool. Exactly one tool is active at a time: a click on the map selects
//! (the default), places a hypothetical office for the reach what-if, or places a workshop pin.
//! Starting a tool ends the one before; the map names the active tool in a banner and Esc goes
//! back to selecting. Keeping the tool in the state (not in flags spread over panels) is what
//! makes "a pin click can never create an office" true by construction.

/// What a click on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapTool {
    /// Select an area or a facility (hover shows its name).
    #[default]
    Select,
    /// Place a hypothetical office of the reach what-if. Ends after one office unless Shift
    /// is held while clicking.
    PlaceOffice,
    /// Place a workshop pin (category and comment are asked for). Stays on for the next
    /// contribution until Esc or another tool.
    PlacePin,
}

impl MapTool {
    /// Whether a click places something (the map shows a crosshair and a banner).
    pub fn places(self) -> bool {
        self != MapTool::Select
    }

    /// Whether the tool ends after one placement (unless Shift is held).
    pub fn one_shot(self) -> bool {
        self == MapTool::PlaceOffice
    }
}

impl super::AppState {
    /// Switch to `tool`; placing an office needs a reach analysis to place it into.
    pub(super) fn set_tool(&mut self, tool: MapTool) {
        self.tool = match tool {
            MapTool::PlaceOffice if self.analyses.reach.is_none() => MapTool::Select,
            t => t,
        };
    }

    /// A tool whose target went away (the reach analysis was cleared or its layer removed)
    /// ends; called after every command.
    pub(super) fn check_tool(&mut self) {
        if self.tool == MapTool::PlaceOffice && self.analyses.reach.is_none() {
            self.tool = MapTool::Select;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{AppState, Command};

    #[test]
    fn placing_an_office_without_a_reach_analysis_stays_selecting() {
        let mut s = AppState::default();
        s.apply(Command::SetTool(MapTool::PlaceOffice));
        assert_eq!(s.tool, MapTool::Select);
    }

    #[test]
    fn one_tool_replaces_the_other() {
        let mut s = AppState::default();
        s.apply(Command::SetTool(MapTool::PlacePin));
        assert_eq!(s.tool, MapTool::PlacePin);
        s.apply(Command::SetTool(MapTool::Select));
        assert_eq!(s.tool, MapTool::Select);
        assert!(!MapTool::Select.places());
        assert!(MapTool::PlaceOffice.one_shot() && !MapTool::PlacePin.one_shot());
    }
}
