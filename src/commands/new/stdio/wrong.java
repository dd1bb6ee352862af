import java.util.Scanner;

public class Wrong {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        long a = in.nextLong(), b = in.nextLong();
        // A known-wrong answer: subtracts instead of adding.
        System.out.println(a - b);
    }
}
