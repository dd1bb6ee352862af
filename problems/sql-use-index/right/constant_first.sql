-- The constant on the left: still a search of the index.
SELECT id, amount FROM Orders WHERE 42 = user_id;
