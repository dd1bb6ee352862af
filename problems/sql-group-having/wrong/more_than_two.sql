-- "At least two" is >= 2, not > 2.
SELECT d.dept_name, count(*) AS employees, avg(e.salary) AS avg_salary
FROM Departments d
JOIN Employees e ON e.dept_id = d.id
GROUP BY d.id
HAVING count(*) > 2;
