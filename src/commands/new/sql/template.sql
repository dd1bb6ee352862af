-- {{id}}: name and price of every product that costs 10 or more.
-- Table: Products(id, name, price). One SELECT statement; SQLite.
SELECT name, price
FROM Products;
