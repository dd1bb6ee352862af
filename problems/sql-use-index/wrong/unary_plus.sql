-- Right rows, but the unary + turns the column into an expression: a full scan.
SELECT o.id, o.amount FROM Orders o WHERE +o.user_id = 42;
