-- count(salary) skips employees whose salary is NULL.
SELECT d.dept_name, count(e.salary) AS employees, avg(e.salary) AS avg_salary
FROM Departments d
JOIN Employees e ON e.dept_id = d.id
GROUP BY d.id
HAVING count(e.salary) >= 2;
