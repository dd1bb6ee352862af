// Never checks that the stack is empty at the end: accepts "(((".
function isValid(s) {
  const pairs = { ")": "(", "]": "[", "}": "{" };
  const stack = [];
  for (const c of s) {
    if (c in pairs) {
      if (stack.length === 0 || stack.pop() !== pairs[c]) return false;
    } else {
      stack.push(c);
    }
  }
  return true;
}
