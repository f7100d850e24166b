//! "Exportieren…": the page settings with a live preview of the page, the save dialog, and
//! the export itself — pages built frame by frame (progress, cancel) and the file written on
//! a worker thread. The settings stay for the next export in this session.

mod job;
mod texts;

use egui::{ComboBox, DragValue, RichText, Ui};

use job::{Job, add_basemap};
use texts::texts;

use crate::export::content::PageTiles;
use crate::export::content::{LayoutSettings, Paper};
use crate::export::layout::map_page;
use crate::export::render::{Format, date_line};
use crate::export::scene::Page;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::ui::number::localised;

/// Which part of the map goes on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    View,
    All,
    Selection,
}

/// What the dialog asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogRequest {
    None,
    /// Ask where to save (the app suggests folder and [`ExportDialog::file_name`]).
    Save,
    /// The author line was edited (the app remembers it for the next sessions).
    Author(String),
    /// Show the workshop's pins in exports, or not.
    Pins(bool),
}

pub struct ExportDialog {
    pub open: bool,
    pub layout: LayoutSettings,
    pub format: Format,
    pub dpi: f64,
    pub extent: Extent,
    pub atlas: bool,
    custom: (f64, f64),
    preview: Option<(egui::TextureHandle, LayoutSettings, Extent, u64)>,
    job: Option<Job>,
    /// The result of the last export, for the user.
    pub status: Option<String>,
    /// The map's view when the export started (its extent for "aktuelle Ansicht").
    last_view: Option<[f64; 4]>,
    /// The pins checkbox changed (passed on to the app as a request).
    pins_request: Option<bool>,
    /// A title the user typed, with the map's own title at the time: it stays while that map
    /// is exported and gives way to the next map's title when the map changes.
    typed_title: Option<(String, String)>,
    author_request: Option<String>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            layout: LayoutSettings::default(),
            format: Format::Pdf,
            dpi: 300.0,
            extent: Extent::All,
            atlas: false,
            custom: (500.0, 400.0),
            preview: None,
            job: None,
            status: None,
            last_view: None,
            pins_request: None,
            typed_title: None,
            author_request: None,
        }
    }
}

impl ExportDialog {
    /// The title of the map being exported, unless the user typed one for this map.
    pub fn effective_title(&self, state: &AppState) -> String {
        let own = state.default_export_title(state.lang);
        match &self.typed_title {
            Some((map, typed)) if *map == own => typed.clone(),
            _ => own,
        }
    }

    /// The suggested file name: the title (the atlas says so), with the format's extension.
    pub fn file_name(&self, state: &AppState) -> String {
        let title = self.effective_title(state);
        let stem = match (self.atlas, state.lang) {
            (true, Lang::De) => format!("Steckbriefe {title}"),
            (true, Lang::En) => format!("Profiles {title}"),
            (false, _) => title,
        };
        format!(
            "{}.{}",
            crate::export::file_name::file_stem_from_title(&stem),
            self.format.extension()
        )
    }

    /// Open the dialog (the author line from the remembered settings when it is empty).
    pub fn open(&mut self, state: &AppState, author: &str) {
        self.open = true;
        self.status = None;
        if self.layout.author.is_empty() {
            self.layout.author = author.to_owned();
        }
        self.layout.title = self.effective_title(state);
        if self.layout.date.is_empty() {
            self.layout.date = date_line(state.lang.is_english());
        }
    }

    /// The "Stand" line follows the language while it is today's default line.
    fn follow_language(&mut self, state: &AppState) {
        let english = state.lang.is_english();
        if self.layout.date == date_line(!english) {
            self.layout.date = date_line(english);
        }
    }

    /// The part of the map to show.
    fn bbox(&self, state: &AppState, view: Option<[f64; 4]>) -> Option<[f64; 4]> {
        match self.extent {
            Extent::View => view.or_else(|| state.all_bbox()),
            Extent::All => state.all_bbox(),
            Extent::Selection => state
                .selection
                .and_then(|s| state.feature_bbox(s))
                .map(|b| {
                    let (dx, dy) = ((b[2] - b[0]) * 0.5, (b[3] - b[1]) * 0.5);
                    [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy]
                })
                .or_else(|| state.all_bbox()),
        }
    }

    /// The map page with the current settings; the basemap's tiles under it when one is
    /// shown (waiting at most `wait` for tiles not yet cached).
    pub fn page(
        &self,
        state: &AppState,
        view: Option<[f64; 4]>,
        basemap: Option<&dyn PageTiles>,
        wait: std::time::Duration,
    ) -> Option<Page> {
        let bbox = self.bbox(state, view)?;
        let mut content = state.map_content(bbox);
        add_basemap(&mut content, basemap, &self.layout, wait);
        Some(map_page(&content, &self.layout))
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        view: Option<[f64; 4]>,
        anchor: egui::Pos2,
        basemap: Option<&dyn PageTiles>,
    ) -> DialogRequest {
        let mut request = DialogRequest::None;
        if self.job.is_none() {
            self.last_view = view;
        }
        self.step_job(ctx, state, basemap);
        if !self.open {
            return request;
        }
        let t = texts(state.lang);
        self.layout.title = self.effective_title(state);
        self.follow_language(state);
        let mut open = self.open;
        egui::Window::new(t[0])
            .id(egui::Id::unique("export_dialog"))
            .open(&mut open)
            .order(egui::Order::Foreground)
            .default_pos(anchor)
            .pivot(egui::Align2::RIGHT_TOP)
            .default_width(760.0)
            .show(ctx, |ui| {
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(330.0);
                        self.settings(ui, state, &t);
                        ui.separator();
                        request = self.actions(ui, &t);
                        if let Some(p) = self.pins_request.take() {
                            request = DialogRequest::Pins(p);
                        }
                        if let Some(a) = self.author_request.take() {
                            request = DialogRequest::Author(a);
                        }
                    });
                    ui.vertical(|ui| {
                        ui.label(RichText::new(t[21]).strong());
                        self.preview(ui, state, view, basemap);
                    });
                });
            });
        self.open = open;
        request
    }

    fn settings(&mut self, ui: &mut Ui, state: &AppState, t: &[&'static str; 24]) {
        let l = &mut self.layout;
        egui::Grid::new("export_einstellungen")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(t[1]);
                ComboBox::from_id_salt("export_format")
                    .selected_text(self.format.extension().to_uppercase())
                    .show_ui(ui, |ui| {
                        for f in [Format::Pdf, Format::Svg, Format::Png] {
                            ui.selectable_value(&mut self.format, f, f.extension().to_uppercase());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label(t[2]);
                let name = match l.paper {
                    Paper::A4 => "A4".to_owned(),
                    Paper::A3 => "A3".to_owned(),
                    Paper::Custom(..) => t[23].to_owned(),
                };
                ComboBox::from_id_salt("export_papier")
                    .selected_text(name)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut l.paper, Paper::A4, "A4");
                        ui.selectable_value(&mut l.paper, Paper::A3, "A3");
                        ui.selectable_value(
                            &mut l.paper,
                            Paper::Custom(self.custom.0, self.custom.1),
                            t[23],
                        );
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                if let Paper::Custom(w, h) = &mut l.paper {
                    let label = ui.label(t[20]);
                    ui.horizontal(|ui| {
                        ui.add(localised(
                            DragValue::new(w).range(50.0..=2000.0),
                            state.lang,
                        ))
                        .labelled_by(label.id);
                        ui.add(localised(
                            DragValue::new(h).range(50.0..=2000.0),
                            state.lang,
                        ))
                        .labelled_by(label.id);
                    });
                    self.custom = (*w, *h);
                    ui.end_row();
                }
                ui.label("");
                ui.checkbox(&mut l.landscape, t[3]);
                ui.end_row();
                let label = ui.label(t[4]);
                ui.add(localised(
                    DragValue::new(&mut l.margin_mm).range(0.0..=40.0),
                    state.lang,
                ))
                .labelled_by(label.id);
                ui.end_row();
                if self.format == Format::Png {
                    let label = ui.label(t[5]);
                    ComboBox::from_id_salt("export_dpi")
                        .selected_text(format!("{:.0}", self.dpi))
                        .show_ui(ui, |ui| {
                            for d in [96.0, 150.0, 300.0] {
                                ui.selectable_value(&mut self.dpi, d, format!("{d:.0}"));
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label(t[6]);
                if ui
                    .text_edit_singleline(&mut l.title)
                    .labelled_by(label.id)
                    .changed()
                {
                    let own = state.default_export_title(state.lang);
                    self.typed_title = Some((own, l.title.clone()));
                }
                ui.end_row();
                for (i, field) in [(7, &mut l.subtitle), (8, &mut l.date)] {
                    let label = ui.label(t[i]);
                    ui.text_edit_singleline(field).labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label(t[9]);
                if ui
                    .text_edit_singleline(&mut l.author)
                    .labelled_by(label.id)
                    .changed()
                {
                    self.author_request = Some(l.author.clone());
                }
                ui.end_row();
                let label = ui.label(t[10]);
                ui.vertical(|ui| {
                    ui.radio_value(&mut self.extent, Extent::View, t[11])
                        .labelled_by(label.id);
                    ui.radio_value(&mut self.extent, Extent::All, t[12]);
                    ui.add_enabled_ui(state.selection.is_some(), |ui| {
                        ui.radio_value(&mut self.extent, Extent::Selection, t[13]);
                    });
                });
                ui.end_row();
                ui.label("");
                ui.checkbox(&mut l.overview, t[14]);
                ui.end_row();
                if !state.workshop().pins.is_empty() {
                    ui.label("");
                    let mut pins = state.workshop().pins_in_exports;
                    let label =
                        crate::ui::workshop::texts::workshop_texts(state.lang).pins_in_exports;
                    if ui.checkbox(&mut pins, label).changed() {
                        self.pins_request = Some(pins);
                    }
                    ui.end_row();
                }
            });
        ui.add_enabled_ui(state.steckbrief_count() > 0, |ui| {
            ui.checkbox(&mut self.atlas, t[15]);
        });
        if self.atlas {
            self.format = Format::Pdf;
        }
    }

    fn actions(&mut self, ui: &mut Ui, t: &[&'static str; 24]) -> DialogRequest {
        let mut request = DialogRequest::None;
        match &self.job {
            Some(job) if job.writing.is_some() => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t[19]);
                });
            }
            Some(job) => {
                let share = job.next as f32 / job.total.max(1) as f32;
                ui.add(
                    egui::ProgressBar::new(share)
                        .text(format!("{} {} / {}", t[18], job.next, job.total)),
                );
                if ui.button(t[17]).clicked() {
                    self.job = None;
                    self.status = None;
                }
            }
            None => {
                if ui.button(RichText::new(t[16]).strong()).clicked() {
                    request = DialogRequest::Save;
                }
            }
        }
        if let Some(s) = &self.status {
            ui.label(s);
        }
        request
    }

    fn preview(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        view: Option<[f64; 4]>,
        basemap: Option<&dyn PageTiles>,
    ) {
        // Any applied change may change the page: the state's revision keys the preview.
        let key = state.revision();
        let fresh = self
            .preview
            .as_ref()
            .is_some_and(|(_, l, e, k)| *l == self.layout && *e == self.extent && *k == key);
        if !fresh && let Some(page) = self.page(state, view, basemap, std::time::Duration::ZERO) {
            // Low resolution is enough to judge the layout, and fast.
            if let Ok(pixmap) = crate::export::png::render(&page, 40.0) {
                let image = egui::ColorImage::from_rgba_premultiplied(
                    [pixmap.width() as usize, pixmap.height() as usize],
                    pixmap.data(),
                );
                let texture =
                    ui.ctx()
                        .load_texture("export_vorschau", image, egui::TextureOptions::LINEAR);
                self.preview = Some((texture, self.layout.clone(), self.extent, key));
            }
        }
        if let Some((tex, ..)) = &self.preview {
            let size = tex.size_vec2();
            let scale = (400.0 / size.x).min(420.0 / size.y);
            ui.add(egui::Image::new((tex.id(), size * scale)).bg_fill(egui::Color32::WHITE));
        }
    }
}
