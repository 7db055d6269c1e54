//! Group modules whose work has not landed yet: they say what will come.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::action::Action;
use crate::app::effect::Fx;
use crate::app::module::{DrawCtx, Module};
use crate::app::shared::Shared;

pub struct Coming {
    name: &'static str,
    title: &'static str,
    text: &'static str,
}

impl Coming {
    pub fn salience() -> Self {
        Self {
            name: "salience",
            title: "Salience",
            text: "Coming here: token salience (leave-one-out, LIME, gradients) for the primary row.",
        }
    }

    pub fn generators() -> Self {
        Self {
            name: "generators",
            title: "Generators",
            text: "Coming here: counterfactual generators whose outputs become new datapoints.",
        }
    }
}

impl Module for Coming {
    fn name(&self) -> &'static str {
        self.name
    }

    fn title(&self, _cx: &DrawCtx) -> Line<'static> {
        Line::from(format!(" {} ", self.title))
    }

    fn handle(&mut self, _action: &Action, _shared: &Shared, _fx: &mut Fx) -> bool {
        false
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
        frame.render_widget(
            Paragraph::new(self.text)
                .style(cx.theme.muted())
                .wrap(Wrap { trim: true }),
            area,
        );
    }

    crate::module_any!();
}
