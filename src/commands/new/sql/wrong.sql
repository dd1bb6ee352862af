-- A known-wrong answer: leaves out the products that cost exactly 10.
SELECT name, price
FROM Products
WHERE price > 10;
