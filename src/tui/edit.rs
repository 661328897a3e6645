//! A one-line text editor: the buffer and a cursor counted in characters.

/// Text being typed into a field, with the cursor position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
}

impl LineEdit {
    /// Starts editing `text` with the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineEdit {
        let text = text.into();
        let cursor = text.chars().count();
        LineEdit { text, cursor }
    }

    /// The text typed so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor position, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts a character at the cursor.
    pub fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Inserts text at the cursor (a paste); line breaks become spaces.
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(if c == '\n' || c == '\r' { ' ' } else { c });
        }
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    /// Deletes the character under the cursor.
    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    /// Deletes the word before the cursor (Ctrl-W).
    pub fn delete_word(&mut self) {
        while self.cursor > 0 && self.char_before() == Some(' ') {
            self.backspace();
        }
        while self.cursor > 0 && self.char_before().is_some_and(|c| c != ' ') {
            self.backspace();
        }
    }

    /// Clears the whole line (Ctrl-U).
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    fn char_before(&self) -> Option<char> {
        self.text.chars().nth(self.cursor.checked_sub(1)?)
    }

    /// Moves the cursor by `delta` characters, staying inside the text.
    pub fn move_by(&mut self, delta: isize) {
        let len = self.text.chars().count();
        self.cursor = self.cursor.saturating_add_signed(delta).min(len);
    }

    /// Moves the cursor to the start.
    pub fn home(&mut self) {
        self.cursor = 0;
    }

    /// Moves the cursor to the end.
    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_characters_not_bytes() {
        let mut e = LineEdit::new("héllo");
        e.move_by(-3);
        e.backspace();
        assert_eq!(e.text(), "hllo");
        e.insert('é');
        e.insert('é');
        assert_eq!((e.text(), e.cursor()), ("hééllo", 3));
        e.delete();
        assert_eq!(e.text(), "héélo");
        e.move_by(-100);
        assert_eq!(e.cursor(), 0);
        e.move_by(100);
        assert_eq!(e.cursor(), 5);
    }

    #[test]
    fn deletes_words_and_lines() {
        let mut e = LineEdit::new("orders api  ");
        e.delete_word();
        assert_eq!(e.text(), "orders ");
        e.clear();
        assert_eq!((e.text(), e.cursor()), ("", 0));
        e.insert_str("a\nb");
        assert_eq!(e.text(), "a b");
    }
}
