-- Window function: the salaries ranked without gaps; max() of no row is NULL.
SELECT max(salary) AS SecondHighestSalary
FROM (SELECT salary, dense_rank() OVER (ORDER BY salary DESC) AS r FROM Employee) AS ranked
WHERE r = 2;
