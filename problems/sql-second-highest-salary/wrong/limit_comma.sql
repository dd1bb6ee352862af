-- LIMIT offset, count: MySQL and SQLite spell it so; PostgreSQL does not.
SELECT (
    SELECT DISTINCT salary FROM Employee ORDER BY salary DESC LIMIT 1, 1
) AS SecondHighestSalary;
