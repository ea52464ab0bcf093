//! Employee slots: one 20-byte slot per employee, found by the employee's key.
//! Plain-number ids index a table directly while their range stays compact;
//! sparse ones go through a hash map with a fast integer hasher; interned ids
//! are dense already.

use std::collections::HashMap;

use crate::fields::INTERNED;

pub(super) const NONE: u32 = u32::MAX;

/// One employee: the last date, the open spell and the chain of closed ones.
#[derive(Clone, Copy)]
pub(super) struct Slot {
    pub(super) last_day: i32,
    pub(super) start: i32,
    pub(super) centi: u32,
    /// The last closed spell, or [`NONE`].
    pub(super) head: u32,
    pub(super) department: u8,
    pub(super) sex: u8,
    pub(super) used: bool,
    /// Under the re-illness rule, the day count the open spell continues
    /// (capped at [`CARRY_CAP`], past which every day is in the last band),
    /// and [`CARRY_CENSORED`] when the spell it continues was under way on
    /// the first date of the data; 0 otherwise. It fills the slot's spare
    /// byte, so the slot stays 20 bytes.
    pub(super) carry: u8,
}

/// The most days [`Slot::carry`] holds: day 91 on is one band, so a count
/// of 90 and one of 900 put the next day in the same band.
pub(super) const CARRY_CAP: u8 = 90;

/// The bit of [`Slot::carry`] that says the count began on the first date.
pub(super) const CARRY_CENSORED: u8 = 0x80;

const EMPTY: Slot = Slot {
    last_day: i32::MIN,
    start: 0,
    centi: 0,
    head: NONE,
    department: 0,
    sex: 0,
    used: false,
    carry: 0,
};

/// Employee slots. Plain-number ids index a table directly while their range
/// stays compact (then a date's rows, sorted by id, sweep it in order); other
/// ids go through a hash map. Interned ids are dense already.
enum Table {
    Direct {
        base: u64,
        slots: Vec<Slot>,
    },
    Hashed {
        map: HashMap<u64, u32, BuildFx>,
        keys: Vec<u64>,
        slots: Vec<Slot>,
    },
}

/// A direct table may span this many slots, or eight per employee if more.
const DIRECT_SLOTS: usize = 1 << 24;

/// Every employee's slot: plain numbers in a [`Table`], interned ids by index.
pub(super) struct Employees {
    numeric: Table,
    interned: Vec<Slot>,
    /// Employees with a row.
    pub(super) count: usize,
}

impl Employees {
    pub(super) fn new() -> Self {
        Self {
            numeric: Table::Direct {
                base: 0,
                slots: Vec::new(),
            },
            interned: Vec::new(),
            count: 0,
        }
    }

    /// Where the slot of `key` is, making room for it.
    pub(super) fn locate(&mut self, key: u64) -> (bool, usize) {
        if key & INTERNED != 0 {
            let index = usize::try_from(key & !INTERNED).unwrap_or(usize::MAX);
            if index >= self.interned.len() {
                self.interned.resize(index + 1, EMPTY);
            }
            return (true, index);
        }
        if let Table::Direct { base, slots } = &mut self.numeric {
            let end = *base + slots.len() as u64;
            if key >= *base && key < end {
                return (false, usize::try_from(key - *base).unwrap_or(usize::MAX));
            }
            let (lo, hi) = if slots.is_empty() {
                (key, key + 1)
            } else {
                ((*base).min(key), end.max(key + 1))
            };
            let wanted = usize::try_from(hi - lo).unwrap_or(usize::MAX);
            if wanted <= DIRECT_SLOTS.max(self.count.saturating_mul(8)) {
                // Grow with slack on the side that grew, so that ids arriving in
                // increasing order do not copy the table each time.
                let slack = (wanted / 2).min(DIRECT_SLOTS.max(self.count.saturating_mul(8)).saturating_sub(wanted));
                let (lo, hi) = if key < *base {
                    (lo.saturating_sub(slack as u64), hi)
                } else {
                    (lo, hi + slack as u64)
                };
                let mut grown = vec![EMPTY; usize::try_from(hi - lo).unwrap_or(0)];
                let at = base.checked_sub(lo).and_then(|at| usize::try_from(at).ok());
                if let Some(target) = at
                    .and_then(|at| grown.get_mut(at..))
                    .and_then(|t| t.get_mut(..slots.len()))
                {
                    target.copy_from_slice(slots);
                }
                *base = lo;
                *slots = grown;
                return (false, usize::try_from(key - lo).unwrap_or(usize::MAX));
            }
            // The ids are too sparse for a table: move to a hash map.
            let mut map = HashMap::with_hasher(BuildFx);
            let mut keys = Vec::new();
            let mut kept = Vec::new();
            for (i, slot) in slots.iter().enumerate().filter(|(_, s)| s.used) {
                map.insert(*base + i as u64, u32::try_from(kept.len()).unwrap_or(NONE));
                keys.push(*base + i as u64);
                kept.push(*slot);
            }
            self.numeric = Table::Hashed { map, keys, slots: kept };
        }
        match &mut self.numeric {
            Table::Hashed { map, keys, slots } => {
                let next = u32::try_from(slots.len()).unwrap_or(NONE);
                let index = *map.entry(key).or_insert(next);
                if index == next {
                    keys.push(key);
                    slots.push(EMPTY);
                }
                (false, index as usize)
            }
            Table::Direct { .. } => (false, usize::MAX),
        }
    }

    pub(super) fn slot(&mut self, (interned, index): (bool, usize)) -> Option<&mut Slot> {
        if interned {
            return self.interned.get_mut(index);
        }
        match &mut self.numeric {
            Table::Direct { slots, .. } | Table::Hashed { slots, .. } => slots.get_mut(index),
        }
    }

    /// Reads a slot without changing it, so that the memory is fetched early.
    pub(super) fn peek(&self, (interned, index): (bool, usize)) -> i32 {
        let slots = match (&self.numeric, interned) {
            (_, true) => &self.interned,
            (Table::Direct { slots, .. } | Table::Hashed { slots, .. }, false) => slots,
        };
        // Both ends: a slot may straddle two cache lines.
        slots.get(index).map_or(0, |s| s.last_day ^ i32::from(s.carry))
    }

    /// Frees the slots, keeping the count.
    pub(super) fn release(&mut self) {
        *self = Self {
            count: self.count,
            ..Self::new()
        };
    }

    /// Whether the employee of a plain-number key has a row.
    pub(super) fn has_number(&self, key: u64) -> bool {
        match &self.numeric {
            Table::Direct { base, slots } => key
                .checked_sub(*base)
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| slots.get(i))
                .is_some_and(|s| s.used),
            Table::Hashed { map, .. } => map.contains_key(&key),
        }
    }

    /// Every employee's key and slot: plain numbers in numeric order (for a
    /// direct table), then interned ids by index.
    pub(super) fn all(&self) -> Vec<(u64, &Slot)> {
        let numeric: Vec<(u64, &Slot)> = match &self.numeric {
            Table::Direct { base, slots } => slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.used)
                .map(|(i, s)| (*base + i as u64, s))
                .collect(),
            Table::Hashed { keys, slots, .. } => keys.iter().copied().zip(slots).collect(),
        };
        let interned = self
            .interned
            .iter()
            .enumerate()
            .filter(|(_, s)| s.used)
            .map(|(i, s)| (INTERNED | i as u64, s));
        numeric.into_iter().chain(interned).collect()
    }
}

/// A fast hasher for integer keys (the multiply-rotate of rustc's FxHash).
#[derive(Clone, Copy, Default)]
struct BuildFx;

#[derive(Default)]
struct Fx(u64);

impl std::hash::BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
