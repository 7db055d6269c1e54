//! Counts in words: "1 row", "2 rows", "1 child", "3 children".

/// `n` and the word for that many.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `n` rows.
pub fn rows(n: usize) -> String {
    count(n, "row", "rows")
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular() {
        assert_eq!(super::rows(1), "1 row");
        assert_eq!(super::rows(0), "0 rows");
        assert_eq!(super::count(1, "child", "children"), "1 child");
        assert_eq!(super::count(3, "child", "children"), "3 children");
    }
}
