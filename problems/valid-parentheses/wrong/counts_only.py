# Counts each kind of bracket: accepts "([)]" and "))((".
def is_valid(s):
    return all(s.count(o) == s.count(c) for o, c in ["()", "[]", "{}"])
