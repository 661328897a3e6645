//! Screen snapshots: every screen and state, drawn into ratatui's TestBackend.

use super::draw;
use crate::tui::app::{App, Event, Screen};
use crate::tui::finish::DirState;
use crate::tui::testing::{app_on, catalog, key, typing};
use crate::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode as K;
use std::path::PathBuf;

fn drawn(app: &mut App<'_>, width: u16, height: u16) -> Terminal<TestBackend> {
    app.handle(Event::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| draw(f, app, Theme::new(false))).unwrap();
    terminal
}

fn screen(app: &mut App<'_>, width: u16, height: u16) -> String {
    drawn(app, width, height).backend().to_string()
}

#[test]
fn catalog_screen() {
    let mut app = App::new(catalog().templates(), (80, 24));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn catalog_filtered() {
    let mut app = App::new(catalog().templates(), (80, 24));
    app.handle(key(K::Char('/')));
    typing(&mut app, "spark");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn catalog_empty_filter_result() {
    let mut app = App::new(catalog().templates(), (80, 24));
    app.handle(key(K::Char('/')));
    typing(&mut app, "mainframe");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn form_with_validation_errors() {
    let mut app = app_on("emr-serverless", None);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn form_typing_an_invalid_value() {
    let mut app = app_on("lambda-python", Some("dev"));
    app.handle(key(K::Enter));
    typing(&mut app, " X");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn form_list_editor() {
    let mut app = app_on("eks-spark", Some("dev"));
    let i = app
        .form()
        .unwrap()
        .fields()
        .iter()
        .position(|p| p.name == "teams")
        .unwrap();
    app.forms[0].1.focus_at(i);
    app.handle(key(K::Enter));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn review_files() {
    let mut app = app_on("s3-secure-bucket", Some("dev"));
    app.handle(key(K::Tab));
    app.handle(key(K::Char('j')));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn review_with_findings() {
    let mut app = app_on("s3-secure-bucket", Some("dev"));
    app.handle(key(K::Tab));
    crate::tui::app::tests::inject_finding(&mut app, "main.tf", 12);
    app.handle(key(K::Char('f')));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn review_answers() {
    let mut app = app_on("s3-secure-bucket", Some("dev"));
    app.handle(key(K::Tab));
    app.handle(key(K::Char('a')));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn review_with_invalid_answers() {
    let mut app = app_on("s3-secure-bucket", None);
    app.handle(key(K::Tab));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn finish() {
    let mut app = app_on("s3-secure-bucket", Some("dev"));
    app.handle(key(K::Tab));
    app.handle(key(K::Tab));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn finish_confirming_a_non_empty_directory() {
    let mut app = app_on("s3-secure-bucket", Some("dev"));
    app.handle(key(K::Tab));
    app.handle(key(K::Tab));
    app.handle(key(K::Enter));
    let dir = PathBuf::from(app.finish.dir.text());
    app.handle(Event::Probed(dir, DirState::NonEmpty(4)));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn help_overlay() {
    let mut app = app_on("s3-secure-bucket", Some("dev"));
    app.handle(key(K::Char('?')));
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn narrow_terminal_stacks_the_panes() {
    let mut app = app_on("s3-secure-bucket", Some("dev"));
    app.handle(key(K::Tab));
    insta::assert_snapshot!(screen(&mut app, 40, 20));
}

#[test]
fn tiny_terminal_shows_a_notice() {
    let mut app = App::new(catalog().templates(), (10, 4));
    insta::assert_snapshot!(screen(&mut app, 20, 5));
}

#[test]
fn no_screen_panics_at_any_size() {
    let mut app = app_on("eks-spark", Some("dev"));
    for screen_kind in [
        Screen::Catalog,
        Screen::Form,
        Screen::Review,
        Screen::Finish,
    ] {
        app.screen = screen_kind;
        for help in [false, true] {
            app.help = help;
            for w in (0..90).step_by(7) {
                for h in (0..30).step_by(3) {
                    drawn(&mut app, w, h);
                }
            }
        }
    }
}

mod preview {
    use crate::tui::draw::draw_preview;
    use crate::tui::preview::tests::{loaded, reload, shot};
    use crate::tui::preview::{Event, Preview};
    use crate::tui::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn screen(preview: &Preview) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| draw_preview(f, preview, Theme::new(false)))
            .unwrap();
        terminal.backend().to_string()
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn break_main(t: &mut crate::catalog::RawTemplate) {
        let (_, text) = t
            .files
            .iter_mut()
            .find(|(p, _)| p == "main.tf")
            .expect("main.tf");
        text.push_str("\n{% if %}\n");
    }

    #[test]
    fn preview_loading() {
        let (preview, _) = Preview::new(None, false, (80, 24));
        insta::assert_snapshot!(screen(&preview));
    }

    #[test]
    fn preview_renders() {
        let mut preview = loaded("s3-secure-bucket", None);
        preview.handle(key(KeyCode::Down));
        preview.handle(key(KeyCode::Down));
        insta::assert_snapshot!(screen(&preview));
    }

    #[test]
    fn preview_tera_error_keeps_the_last_good_files() {
        let mut preview = loaded("s3-secure-bucket", None);
        reload(&mut preview, shot("s3-secure-bucket", None, break_main));
        insta::assert_snapshot!(screen(&preview));
    }

    #[test]
    fn preview_broken_manifest() {
        let mut preview = loaded("s3-secure-bucket", None);
        reload(
            &mut preview,
            shot("s3-secure-bucket", None, |t| {
                t.manifest.push_str("\nx = [\n")
            }),
        );
        insta::assert_snapshot!(screen(&preview));
    }

    #[test]
    fn preview_problem_in_full() {
        let mut preview = loaded("s3-secure-bucket", None);
        reload(&mut preview, shot("s3-secure-bucket", None, break_main));
        preview.handle(key(KeyCode::Tab));
        insta::assert_snapshot!(screen(&preview));
    }

    #[test]
    fn preview_refused_answers() {
        let mut preview = loaded("s3-secure-bucket", None);
        reload(
            &mut preview,
            shot("s3-secure-bucket", None, |t| {
                let (_, text) = t
                    .fixtures
                    .iter_mut()
                    .find(|(n, _)| n == "dev.yaml")
                    .expect("dev.yaml");
                *text = text.replace("name: orders-export", "name: Bad_Name");
            }),
        );
        insta::assert_snapshot!(screen(&preview));
    }
}
