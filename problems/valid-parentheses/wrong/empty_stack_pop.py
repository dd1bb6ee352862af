# Pops without checking that the stack is empty: IndexError on "]".
def is_valid(s):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for c in s:
        if c in pairs:
            if stack.pop() != pairs[c]:
                return False
        else:
            stack.append(c)
    return not stack
