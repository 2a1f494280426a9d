package dev.jemception.tests;
import dev.jemception.runtime.*;
import java.nio.file.*;
public class Smoke {
  public static void main(String[] a) throws Exception {
    Path dir = Files.createTempDirectory("smoke");
    Files.writeString(dir.resolve("a.c"), "int add(int a,int b){return a+b;}\n");
    long t0=System.nanoTime();
    try (Session s = Toolchain.load().newSession().mountHost(dir).cwd(dir).build()) {
      for (int i=0;i<3;i++){
      var r = s.run("clang", "--target=wasm32-unknown-emscripten", "-c", "a.c", "-o", "a.o");
      System.out.println(r.exitCode()+" "+r.stdout()+" "+r.stderr()+" "+(System.nanoTime()-t0)/1e9);
      var n = s.run("llvm-nm", "a.o");
      System.out.println(n.exitCode()+" "+n.stdout()+" "+n.stderr()+" "+(System.nanoTime()-t0)/1e9);
      }
    }
  }
}
