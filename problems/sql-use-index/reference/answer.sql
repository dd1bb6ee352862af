SELECT id, amount FROM Orders WHERE user_id = 42;
