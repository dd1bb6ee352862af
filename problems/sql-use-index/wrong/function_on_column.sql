-- Right rows, but abs() around the indexed column hides it from the index: a full scan.
SELECT id, amount FROM Orders WHERE abs(user_id) = 42;
