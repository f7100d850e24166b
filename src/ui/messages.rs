//! Messages after loading (errors, skipped features) and the load-report window.

use egui::{Color32, RichText, Ui};

use crate::i18n::Texts;
use crate::state::{AppState, Command, MessageKind};

/// The message list shown above the map.
pub fn show(ui: &mut Ui, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
    for (i, m) in state.messages.iter().enumerate() {
        let (prefix, colour) = match m.kind {
            MessageKind::Info => (t.note, Color32::from_rgb(0x1F, 0x5F, 0x9F)),
            MessageKind::Warning => (t.warning, Color32::from_rgb(0x9A, 0x6A, 0x00)),
            MessageKind::Error => (t.error, Color32::from_rgb(0xB0, 0x3A, 0x2E)),
        };
        ui.horizontal(|ui| {
            ui.label(RichText::new(prefix).strong().color(colour));
            ui.label(RichText::new(m.text.get(state.lang)).color(colour));
            if let Some(id) = m.report
                && ui.small_button(t.show_report).clicked()
            {
                out.push(Command::ShowReport(Some(id)));
            }
            if ui.small_button(t.close).clicked() {
                out.push(Command::DismissMessage(i));
            }
        });
    }
}

/// The window with one layer's full load report.
pub fn report_window(ctx: &egui::Context, state: &AppState, t: &Texts, out: &mut Vec<Command>) {
    let Some(id) = state.report_open else {
        return;
    };
    let Some(entry) = state.layer(id) else {
        return;
    };
    let mut open = true;
    egui::Window::new(format!(
        "{} – {}",
        t.load_report,
        entry.display_name(state.lang)
    ))
    .open(&mut open)
    .default_width(560.0)
    .pivot(egui::Align2::CENTER_TOP)
    .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
    .vscroll(true)
    .show(ctx, |ui| {
        ui.monospace(entry.report.to_text(state.lang.is_english()));
        if ui.button(t.close).clicked() {
            out.push(Command::ShowReport(None));
        }
    });
    if !open {
        out.push(Command::ShowReport(None));
    }
}
