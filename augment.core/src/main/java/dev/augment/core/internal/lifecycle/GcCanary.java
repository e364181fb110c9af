package dev.augment.core.internal.lifecycle;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A throwaway class loader with one empty class, watched through a weak reference: it is cleared
 * exactly when a collection that can unload classes has run since it was made.
 *
 * <p>Young collections treat every class loader that has defined a class as alive, as they do a
 * dropped plugin's; only a full collection or a concurrent cycle that unloads classes (G1's remark,
 * every ZGC cycle) clears it. So a canary made after a plugin's limit, once cleared, proves that
 * the plugin's loader had its chance to be collected. It needs no management beans, reads the same
 * signal on every collector, and also sees G1's concurrent cycles, which JDK 17 reports through no
 * {@code GarbageCollectorMXBean}.
 */
final class GcCanary extends WeakReference<Object> {

  /** The class every canary loader defines: {@code final class AugmentGcCanary {}}. */
  private static final byte[] CLASS = emptyClass();

  private final long seq;

  private GcCanary(Object loader, ReferenceQueue<Object> queue, long seq) {
    super(loader, queue);
    this.seq = seq;
  }

  /**
   * Makes a canary whose clearing is enqueued on {@code queue}.
   *
   * @param queue where the reference is enqueued once the loader is collected
   * @param seq the canary's number; later canaries have higher numbers
   * @return the canary; nothing else holds its loader
   */
  static GcCanary arm(ReferenceQueue<Object> queue, long seq) {
    Loader loader = new Loader();
    loader.defineCanary();
    return new GcCanary(loader, queue, seq);
  }

  /**
   * Returns the canary's number.
   *
   * @return the number given to {@link #arm}
   */
  long seq() {
    return seq;
  }

  /**
   * Tells whether a collection that can unload classes has run since the canary was made.
   *
   * @return {@code true} once the loader is collected
   */
  boolean fell() {
    return refersTo(null);
  }

  private static byte[] emptyClass() {
    ClassWriter w = new ClassWriter(0);
    w.visit(
        Opcodes.V1_8,
        Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
        "AugmentGcCanary",
        null,
        "java/lang/Object",
        null);
    w.visitEnd();
    return w.toByteArray();
  }

  /** A loader that defines one class and delegates to the boot loader for everything else. */
  private static final class Loader extends ClassLoader {
    Loader() {
      super("augment-gc-canary", null);
    }

    void defineCanary() {
      defineClass(null, CLASS, 0, CLASS.length);
    }
  }
}
