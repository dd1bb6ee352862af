-- Another correct answer: the largest salary below the largest (max of nothing is NULL).
SELECT max(salary) AS SecondHighestSalary
FROM Employee
WHERE salary < (SELECT max(salary) FROM Employee);
