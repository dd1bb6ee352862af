SELECT name, price
FROM Products
WHERE price >= 10;
