//! The arc-eager transition system (Nivre 2003) with the root at the bottom of the stack, and
//! its dynamic oracle (Goldberg & Nivre 2012, 2013).
//!
//! Transitions: SHIFT, REDUCE, LEFT-ARC(l), RIGHT-ARC(l). The root (index 0) never leaves the
//! stack and may take exactly one child (the single-root constraint of UD), so the parser
//! cannot build a forest with several roots. Parsing ends when the buffer is empty; words left
//! headless on the stack are then attached by [`State::finish`] so that the output is always a
//! tree.
//!
//! Classes number the transitions for the classifier: `0` = SHIFT, `1` = REDUCE,
//! `2 + l` = LEFT-ARC with label `l`, `2 + L + l` = RIGHT-ARC with label `l` (L labels).

/// "No word": a missing head, child or position.
pub(crate) const NONE: u32 = u32::MAX;

/// The four kinds of transition, labels aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Reduce,
    Left,
    Right,
}

/// Class number -> (move, label) for a model with `nlabels` labels.
#[inline]
pub(crate) fn decode(class: usize, nlabels: usize) -> (Move, u16) {
    match class {
        0 => (Move::Shift, 0),
        1 => (Move::Reduce, 0),
        c if c < 2 + nlabels => (Move::Left, (c - 2) as u16),
        c => (Move::Right, (c - 2 - nlabels) as u16),
    }
}

/// A parser configuration: stack, buffer position and the partial tree built so far, with the
/// per-word summaries (outermost children, valencies, label sets) that the features read.
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    /// Number of words (the root 0 not counted).
    pub n: usize,
    /// Word indices; `stack[0]` is always the root 0.
    pub stack: Vec<u32>,
    /// First word of the buffer (1-based); the buffer is empty when `buf > n`.
    pub buf: u32,
    /// Head of each word (index 0 unused), [`NONE`] while unattached.
    pub heads: Vec<u32>,
    /// Label of each attached word.
    pub labels: Vec<u16>,
    /// Leftmost and second leftmost child.
    pub l1: Vec<u32>,
    pub l2: Vec<u32>,
    /// Rightmost and second rightmost child.
    pub r1: Vec<u32>,
    pub r2: Vec<u32>,
    /// Number of left / right children.
    pub lval: Vec<u8>,
    pub rval: Vec<u8>,
    /// Bit sets of the labels of the left / right children (label mod 64).
    pub lset: Vec<u64>,
    pub rset: Vec<u64>,
    /// Whether the root already has its one child.
    pub root_taken: bool,
}

impl State {
    /// Start state for a sentence of `n` words, reusing the buffers.
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.buf = 1;
        for v in [
            &mut self.heads,
            &mut self.l1,
            &mut self.l2,
            &mut self.r1,
            &mut self.r2,
        ] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        self.lval.clear();
        self.lval.resize(n + 1, 0);
        self.rval.clear();
        self.rval.resize(n + 1, 0);
        self.lset.clear();
        self.lset.resize(n + 1, 0);
        self.rset.clear();
        self.rset.resize(n + 1, 0);
        self.root_taken = false;
    }

    /// Top of the stack (the root 0 when nothing else is on it).
    #[inline]
    pub fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    /// First buffer word, or [`NONE`].
    #[inline]
    pub fn b0(&self) -> u32 {
        if self.terminal() {
            NONE
        } else {
            self.buf
        }
    }

    /// No word left in the buffer: parsing is over.
    #[inline]
    pub fn terminal(&self) -> bool {
        self.buf as usize > self.n
    }

    /// Which of the four moves are legal now.
    pub fn valid_moves(&self) -> [bool; 4] {
        if self.terminal() {
            return [false; 4];
        }
        let s0 = self.s0();
        let s0_headless = s0 != 0 && self.heads[s0 as usize] == NONE;
        [
            true,
            s0 != 0 && !s0_headless,
            s0_headless,
            s0 != 0 || !self.root_taken,
        ]
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            if self.l1[hu] == NONE || d < self.l1[hu] {
                self.l2[hu] = self.l1[hu];
                self.l1[hu] = d;
            } else if self.l2[hu] == NONE || d < self.l2[hu] {
                self.l2[hu] = d;
            }
            self.lval[hu] = self.lval[hu].saturating_add(1);
            self.lset[hu] |= bit;
        } else {
            if self.r1[hu] == NONE || d > self.r1[hu] {
                self.r2[hu] = self.r1[hu];
                self.r1[hu] = d;
            } else if self.r2[hu] == NONE || d > self.r2[hu] {
                self.r2[hu] = d;
            }
            self.rval[hu] = self.rval[hu].saturating_add(1);
            self.rset[hu] |= bit;
        }
        if h == 0 {
            self.root_taken = true;
        }
    }

    /// Apply a (valid) transition.
    pub fn apply(&mut self, mv: Move, label: u16) {
        match mv {
            Move::Shift => {
                self.stack.push(self.buf);
                self.buf += 1;
            }
            Move::Reduce => {
                self.stack.pop();
            }
            Move::Left => {
                let s0 = self.s0();
                self.add_arc(self.buf, s0, label);
                self.stack.pop();
            }
            Move::Right => {
                let s0 = self.s0();
                self.add_arc(s0, self.buf, label);
                self.stack.push(self.buf);
                self.buf += 1;
            }
        }
    }

    /// Is word `k` on the stack and can it still take a dependent (the root only while it has
    /// none)?
    fn on_stack_open(&self, k: u32) -> bool {
        (k != 0 || !self.root_taken) && self.stack.contains(&k)
    }

    /// Headless stack words (the root excluded) whose gold head is `b`.
    fn stack_children_of(&self, b: u32, gold: &[u32]) -> u32 {
        self.stack[1..]
            .iter()
            .filter(|&&k| self.heads[k as usize] == NONE && gold[k as usize] == b)
            .count() as u32
    }

    /// Buffer words whose gold head is `s`.
    fn buffer_children_of(&self, s: u32, gold: &[u32]) -> u32 {
        (self.buf as usize..=self.n)
            .filter(|&k| gold[k] == s)
            .count() as u32
    }

    /// Number of gold arcs (still reachable) that each move would make unreachable
    /// (Goldberg & Nivre 2013, arc-eager is arc-decomposable). `gold` holds the projective
    /// gold head of every word (index 0 unused). Only meaningful for valid moves.
    pub fn move_costs(&self, gold: &[u32]) -> [u32; 4] {
        let s = self.s0();
        let b = self.buf;
        let bu = b as usize;
        let gb = gold[bu];
        // SHIFT: b loses a head on the stack and its headless children on the stack.
        let head_on_stack = gb < b && self.on_stack_open(gb);
        let stack_kids = self.stack_children_of(b, gold);
        let shift = u32::from(head_on_stack) + stack_kids;
        // RIGHT: like SHIFT but s -> b is made; a head of b further in the buffer is lost too.
        let right = if gb == s {
            stack_kids
        } else {
            u32::from(gb > b || head_on_stack) + stack_kids
        };
        // REDUCE / LEFT: s loses its children in the buffer (and LEFT its head beyond b).
        let (reduce, left) = if s == 0 {
            (0, 0)
        } else {
            let kids = self.buffer_children_of(s, gold);
            let gs = gold[s as usize];
            (kids, kids + u32::from(gs > b && gs != NONE))
        };
        [shift, reduce, left, right]
    }

    /// Attach what the transitions left headless so that the result is a tree: if the root
    /// has no child, the lowest headless stack word becomes the root word; every other
    /// headless word is attached to the root word with `fallback(word)`.
    pub fn finish(&mut self, root_label: u16, mut fallback: impl FnMut(u32) -> u16) {
        let root_word = if self.root_taken {
            (1..=self.n as u32).find(|&k| self.heads[k as usize] == 0)
        } else {
            None
        };
        let root_word = match root_word {
            Some(r) => r,
            None => {
                let first = (1..=self.n as u32).find(|&k| self.heads[k as usize] == NONE);
                match first {
                    Some(r) => {
                        self.add_arc(0, r, root_label);
                        r
                    }
                    None => return,
                }
            }
        };
        for k in 1..=self.n as u32 {
            if self.heads[k as usize] == NONE {
                let l = fallback(k);
                self.add_arc(root_word, k, l);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follow the zero-cost moves of the oracle on a projective tree: it must rebuild it.
    #[test]
    fn static_path_of_dynamic_oracle_rebuilds_projective_tree() {
        // "She gave him a book ." : gave root; she, him, book, . -> gave; a -> book
        let gold = [NONE, 2, 0, 2, 5, 2, 2];
        let mut st = State::default();
        st.reset(6);
        while !st.terminal() {
            let valid = st.valid_moves();
            let costs = st.move_costs(&gold);
            let mv = [Move::Shift, Move::Reduce, Move::Left, Move::Right]
                .into_iter()
                .zip(valid.iter().zip(costs))
                .find(|(_, (v, c))| **v && *c == 0)
                .map(|(m, _)| m)
                .unwrap();
            st.apply(mv, 0);
        }
        st.finish(0, |_| 0);
        assert_eq!(&st.heads[1..], &gold[1..]);
    }
}
