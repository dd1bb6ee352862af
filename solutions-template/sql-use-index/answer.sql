-- sql-use-index: the id and amount of every order of user 42, found through idx_orders_user.
-- Tables: Users(id, name), Orders(id, user_id, amount); index idx_orders_user ON Orders(user_id).
SELECT id, amount
FROM Orders;
