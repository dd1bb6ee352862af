-- Uses the index, but for the wrong user.
SELECT id, amount FROM Orders WHERE user_id = 24;
